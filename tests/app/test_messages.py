"""A run's messages carry a stable `message_code` and its `message_params` beside the English text,
so a page can write its own sentence; the codes are listed in one table and in the docs."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.schemas.sessions import MessageCode
from app.sessions.messages import MESSAGE_CODES
from tests.app.conftest import DIVERGING

API_DOC = Path(__file__).parents[2] / "docs" / "api.md"


def _code_and_params(body: dict[str, Any]) -> tuple[Any, Any]:
    return body["message_code"], body["message_params"]


def test_a_fresh_session_has_no_message(client: TestClient, session_id: str) -> None:
    body = client.get(f"/api/sessions/{session_id}").json()
    assert _code_and_params(body) == (None, None)
    assert _code_and_params(body["metrics"]) == (None, None)


@pytest.mark.parametrize(
    ("changes", "code", "params"),
    [
        ({"training": {"learning_rate": 0.01}}, "weights_kept", {}),
        ({"training": {"optimizer": "adam"}}, "optimizer_reset", {}),
        (
            {"network": {"hidden_layer_sizes": [3]}},
            "network_reinitialized",
            {"changed": ["network"]},
        ),
        (
            {"features": {"inputs": ["x1", "x2", "x1*x2"]}},
            "features_changed",
            {"changed": ["features"]},
        ),
        ({"data": {"noise": 0.3}}, "data_rebuilt", {"changed": ["data"]}),
        (
            {"random_state": 9, "data": {"noise": 0.3}},
            "data_rebuilt",
            {"changed": ["random_state", "data"]},
        ),
    ],
)
def test_a_patch_says_what_it_did_as_a_code(
    client: TestClient, session_id: str, changes: dict[str, Any], code: str, params: Any
) -> None:
    body = client.patch(f"/api/sessions/{session_id}", json=changes).json()
    assert _code_and_params(body) == (code, params)
    assert body["message"]


def test_a_diverged_run_names_the_step_in_its_params(client: TestClient) -> None:
    session = client.post("/api/sessions", json=DIVERGING).json()["id"]
    body = client.post(f"/api/sessions/{session}/step", json={"steps": 200}).json()
    assert body["status"] == "diverged"
    assert _code_and_params(body) == ("diverged", {"step": body["diverged_at"]})
    summary = client.get(f"/api/sessions/{session}").json()
    assert _code_and_params(summary) == ("diverged", {"step": body["diverged_at"]})
    reset = client.post(f"/api/sessions/{session}/reset").json()
    assert _code_and_params(reset) == (None, None)


def test_an_early_stop_names_the_epoch_and_the_patience(client: TestClient) -> None:
    config = {"training": {"early_stopping": True, "patience": 2, "min_delta": 1.0}}
    session = client.post("/api/sessions", json=config).json()["id"]
    body = client.post(f"/api/sessions/{session}/step", json={"epochs": 20}).json()
    assert body["status"] == "stopped_early"
    assert _code_and_params(body) == ("stopped_early", {"epoch": body["epoch"], "patience": 2})


def test_every_message_code_is_in_the_schema_and_the_docs() -> None:
    assert set(typing.get_args(MessageCode)) == set(MESSAGE_CODES)
    section = API_DOC.read_text().split("### Message codes", 1)[1].split("\n#", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    assert documented == list(MESSAGE_CODES)
