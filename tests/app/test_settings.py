from __future__ import annotations

import pytest

from app.core.config import Settings


def test_defaults_without_environment() -> None:
    settings = Settings.from_env({})
    assert (settings.max_sessions, settings.session_ttl, settings.max_body_bytes) == (
        200,
        1800.0,
        1_048_576,
    )


def test_environment_variables_override_the_defaults() -> None:
    settings = Settings.from_env(
        {
            "NN_PLAYGROUND_MAX_SESSIONS": "7",
            "NN_PLAYGROUND_SESSION_TTL": "60",
            "NN_PLAYGROUND_MAX_BODY_BYTES": "4096",
            "NN_PLAYGROUND_UNRELATED": "x",
        }
    )
    assert (settings.max_sessions, settings.session_ttl, settings.max_body_bytes) == (7, 60.0, 4096)


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        (
            "NN_PLAYGROUND_MAX_SESSIONS",
            "many",
            "NN_PLAYGROUND_MAX_SESSIONS='many': Input should be a valid integer",
        ),
        (
            "NN_PLAYGROUND_MAX_SESSIONS",
            "0",
            "NN_PLAYGROUND_MAX_SESSIONS='0': Input should be greater than or equal to 1",
        ),
        (
            "NN_PLAYGROUND_SESSION_TTL",
            "-1",
            "NN_PLAYGROUND_SESSION_TTL='-1': Input should be greater than 0",
        ),
    ],
)
def test_a_bad_variable_is_named_in_the_error(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        Settings.from_env({name: value})


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValueError, match="frozen"):
        settings.max_sessions = 3  # type: ignore[misc]
