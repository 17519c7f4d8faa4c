"""Schemathesis against the OpenAPI schema with every check, as `st run --checks all` would:
examples, coverage and fuzzing for each operation, then the stateful phase that follows the
links between operations (create -> read / change / train / delete -> read again)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.config import SchemathesisConfig
from schemathesis.python import asgi
from schemathesis.specs.openapi.schemas import OpenApiSchema

from app.core.config import Settings
from app.main import create_app

STREAM = "/api/sessions/{session_id}/stream"
SWEEP_STREAM = "/api/sweeps/{sweep_id}/stream"
TINY_SWEEP = {"base": {"data": {"n_samples": 50}}, "budget": {"epochs": 1}, "thumbnail": 4}

# Where a request the schema allows can still be refused with 422, because the rule depends on
# the session's current state or ties several fields together, which JSON Schema cannot say:
# a label must be one of this session's classes, a weight index inside its network, the loss
# must fit the output head, a train ratio plus a validation ratio at most 1, a step call within
# the example budget of its batch size, a JSON grid within its size for this many neurons, an
# import a whole consistent saved run, a sweep's grid values each valid for its field and the
# cells within the runs and examples one sweep may have, a cell index inside its sweep. That
# each field's own range matches the engine's is proved field by field in test_bounds.py, so
# positive acceptance keeps its full force everywhere else.
STATEFUL_422 = [
    "/api/sessions",
    "/api/sessions/import",
    "/api/sessions/{session_id}",
    "/api/sessions/{session_id}/step",
    "/api/sessions/{session_id}/points",
    "/api/sessions/{session_id}/weights",
    "/api/sessions/{session_id}/trace",
    "/api/sessions/{session_id}/boundary",
    "/api/sweeps",
    "/api/sweeps/{sweep_id}/cells/{i}/open",
]
ACCEPTED = ["2XX", "3XX", "401", "403", "404", "409", "429"]

EXAMPLES_PER_OPERATION = 40
STATEFUL_RUNS = 40
STATEFUL_STEPS = 10

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _settings() -> Settings:
    """Room for every fuzzed session and sweep; sweeps kept tiny so the pool is soon free."""
    return Settings(
        max_sessions=1000,
        play_threads=2,
        sweep_workers=2,
        max_sweeps=1000,
        max_sweeps_per_client=1000,
        max_sweep_examples=20_000,
    )


def _config(
    sessions: dict[tuple[str, str], str], sweeps: dict[tuple[str, str], str] | None = None
) -> SchemathesisConfig:
    """Checks as in `st run --checks all`; each operation on a session (or a sweep) gets one of
    its own (so DELETE or a big PATCH does not change what the next operation is tested on)."""
    operations: list[dict[str, Any]] = [
        {
            "include-path": path,
            "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}},
        }
        for path in STATEFUL_422
    ]
    operations += [
        {"include-path": path, "include-method": method, "parameters": {"path.session_id": sid}}
        for (method, path), sid in sessions.items()
    ]
    operations += [
        {"include-path": path, "include-method": method, "parameters": {"path.sweep_id": sid}}
        for (method, path), sid in (sweeps or {}).items()
    ]
    # An event stream never ends by itself: a few events are enough to check each one.
    operations.append({"include-path": STREAM, "max-stream-events": 3})
    operations.append({"include-path": SWEEP_STREAM, "max-stream-events": 3})
    # DELETE on a sweep cancels it and keeps its results readable (docs/api.md), by design.
    operations.append(
        {
            "include-path-regex": "^/api/sweeps/",
            "checks": {"use_after_free": {"enabled": False}},
        }
    )
    return SchemathesisConfig.from_dict({"seed": 14, "operations": operations})


def _fuzzed_schema() -> OpenApiSchema:
    """The schema of a fresh server holding one small session per operation on a session."""
    application = create_app(_settings())
    client = asgi.get_client(application)  # type: ignore[arg-type]
    paths = client.get("/openapi.json").json()["paths"]
    sessions, sweeps = {}, {}
    for path, operations in paths.items():
        for method in operations if "{session_id}" in path else ():
            created = client.post("/api/sessions", json={"network": {"hidden_layer_sizes": [3]}})
            sessions[method.upper(), path] = created.json()["id"]
        for method in operations if "{sweep_id}" in path else ():
            sweeps[method.upper(), path] = client.post("/api/sweeps", json=TINY_SWEEP).json()["id"]
    config = _config(sessions, sweeps)
    return schemathesis.openapi.from_asgi("/openapi.json", application, config=config)


schema = _fuzzed_schema()


@pytest.fixture(scope="module", autouse=True)
def _stop_servers() -> Iterator[None]:
    yield
    asgi.shutdown_lifespans()


@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_keeps_to_its_schema(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


def test_sequences_of_calls_keep_to_the_schema() -> None:
    application = create_app(_settings())
    asgi.get_client(application)  # type: ignore[arg-type]
    api = schemathesis.openapi.from_asgi("/openapi.json", application, config=_config({}))
    run_state_machine_as_test(
        api.as_state_machine(),
        settings=settings(
            max_examples=STATEFUL_RUNS,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
