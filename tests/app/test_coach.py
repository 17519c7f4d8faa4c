"""The training coach through the REST API: diagnoses in step answers and the session, each fix
applied with the routes a page uses (rollback, PATCH, reset), and the schema's codes."""

from __future__ import annotations

import typing
from typing import Any

from fastapi.testclient import TestClient

from app.schemas.sessions import DiagnosisCode
from engine.diagnoses import CODES
from engine.lessons import get_preset

EXPLODING: dict[str, Any] = {
    "data": {"dataset": "plane"},
    "network": {"hidden_layer_sizes": [], "output": "regression", "loss": "mse"},
    "training": {"learning_rate": 30.0},
}
"""The issue's case: a linear regression net at learning rate 30."""


def _apply(client: TestClient, session: str, fix: dict[str, Any]) -> dict[str, Any]:
    """A fix as a page applies it: rollback first, then the PATCH, then a reset."""
    base = f"/api/sessions/{session}"
    if fix["rollback"]:
        assert client.post(f"{base}/rollback").status_code == 200
    answer: dict[str, Any] = client.patch(base, json=fix["patch"]).json()
    if fix["reset"]:
        answer = client.post(f"{base}/reset").json()
    return answer


def _step(client: TestClient, session: str, steps: int) -> dict[str, Any]:
    response = client.post(f"/api/sessions/{session}/step", json={"steps": steps})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_exploding_run_stops_finite_and_recovers_after_rollback(client: TestClient) -> None:
    session = client.post("/api/sessions", json=EXPLODING).json()["id"]
    start = client.get(f"/api/sessions/{session}").json()["metrics"]["train_loss"]
    body = _step(client, session, 100)
    assert body["status"] == "diverged" and body["train_loss"] is not None
    assert body["message_code"] == "diverged"
    (diagnosis,) = body["diagnoses"]
    assert (diagnosis["code"], diagnosis["severity"]) == ("exploding", "error")
    assert diagnosis["fix"]["rollback"] and not diagnosis["fix"]["reset"]
    summary = client.get(f"/api/sessions/{session}").json()
    assert summary["metrics"]["diagnoses"] == body["diagnoses"]
    assert client.post(f"/api/sessions/{session}/play").status_code == 409
    answer = _apply(client, session, diagnosis["fix"])  # one click is enough
    assert answer["status"] == "idle"
    for _ in range(5):
        body = _step(client, session, 100)
        assert body["status"] == "idle" and body["diagnoses"] == []
    assert body["train_loss"] < start


def test_rollback_returns_to_the_last_healthy_weights(client: TestClient) -> None:
    calm = {**EXPLODING, "training": {"learning_rate": 0.01}}
    session = client.post("/api/sessions", json=calm).json()["id"]
    params = f"/api/sessions/{session}/export"
    _step(client, session, 50)
    healthy = client.get(params).json()["params"]
    client.patch(f"/api/sessions/{session}", json=EXPLODING)
    assert _step(client, session, 100)["status"] == "diverged"
    assert client.get(params).json()["params"] != healthy
    answer = client.post(f"/api/sessions/{session}/rollback").json()
    assert (answer["status"], answer["message"]) == ("idle", None)
    assert client.get(params).json()["params"] == healthy


def test_a_rollback_without_a_healthy_state_is_a_422(client: TestClient) -> None:
    session = client.post("/api/sessions", json=EXPLODING).json()["id"]
    _step(client, session, 100)
    document = client.get(f"/api/sessions/{session}/export").json()
    loaded = client.post("/api/sessions/import", json=document).json()["id"]
    response = client.post(f"/api/sessions/{loaded}/rollback")
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert "reset instead" in str(response.json()["detail"])


def test_slow_progress_is_seen_and_its_patch_clears_it(client: TestClient) -> None:
    config = get_preset("learning-rate", "too small")["config"]
    session = client.post("/api/sessions", json=config).json()["id"]
    for _ in range(15):
        body = _step(client, session, 50)
        found = [d for d in body["diagnoses"] if d["code"] == "slow_progress"]
        if found:
            break
    else:
        raise AssertionError("slow_progress did not appear within 750 steps")
    (diagnosis,) = found
    assert diagnosis["severity"] == "warning"
    assert diagnosis["fix"] == {
        "patch": {"training": {"learning_rate": 0.0002}},
        "reset": False,
        "rollback": False,
    }
    assert _apply(client, session, diagnosis["fix"])["metrics"]["diagnoses"] == []
    for _ in range(30):
        codes = {d["code"] for d in _step(client, session, 50)["diagnoses"]}
        assert "slow_progress" not in codes


def test_the_schema_lists_every_code() -> None:
    assert set(typing.get_args(DiagnosisCode)) == set(CODES)
