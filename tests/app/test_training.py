from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from app.sessions.messages import NO_MESSAGE
from engine import Run
from tests.app.conftest import DIVERGING, SMALL_RUN


def test_step_returns_the_metrics_after(client: TestClient, session_id: str) -> None:
    response = client.post(f"/api/sessions/{session_id}/step", json={"steps": 25})
    assert response.status_code == 200
    expected = Run(SMALL_RUN).train(steps=25)
    body = response.json()
    assert body == {**expected, "playing": False, **NO_MESSAGE}


def test_step_by_epochs(client: TestClient, session_id: str) -> None:
    body = client.post(f"/api/sessions/{session_id}/step", json={"epochs": 2}).json()
    assert body == {**Run(SMALL_RUN).train(epochs=2), "playing": False, **NO_MESSAGE}


@pytest.mark.parametrize(
    ("payload", "loc", "fragment"),
    [
        ({}, ["body"], "exactly one of 'steps' or 'epochs'"),
        ({"steps": 1, "epochs": 1}, ["body"], "exactly one of 'steps' or 'epochs'"),
        ({"steps": 0}, ["body", "steps"], "greater than or equal to 1"),
        ({"steps": 10_001}, ["body", "steps"], "less than or equal to 10000"),
        ({"steps": False}, ["body", "steps"], "valid integer"),
        ({"steps": "5"}, ["body", "steps"], "valid integer"),
        ({"steps": 1.5}, ["body", "steps"], "valid integer"),
        ({"steps": None}, ["body", "steps"], "leave the field out"),
        ({"epochs": 1001}, ["body", "epochs"], "less than or equal to 1000"),
        ({"steps": 1, "speed": 2}, ["body", "speed"], "Extra inputs are not permitted"),
    ],
)
def test_bad_step_requests_are_422_naming_the_field(
    client: TestClient, session_id: str, payload: dict[str, object], loc: list[str], fragment: str
) -> None:
    response = client.post(f"/api/sessions/{session_id}/step", json=payload)
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == loc
    assert fragment in error["msg"]


def test_epochs_beyond_the_step_budget_are_422(client: TestClient) -> None:
    config = {"data": {"n_samples": 2000}, "training": {"batch_size": 1}}
    session = client.post("/api/sessions", json=config).json()["id"]
    response = client.post(f"/api/sessions/{session}/step", json={"epochs": 10})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "epochs"],
                "msg": "10 epochs are 12000 steps here (1200 per epoch); at most 10000 steps per "
                "call, so ask for at most 8 epochs",
                "type": "value_error",
            }
        ],
        "code": "validation_error",
    }


def test_steps_beyond_the_example_budget_are_422(client: TestClient) -> None:
    config = {"data": {"n_samples": 2000}, "training": {"batch_size": 2000}}
    session = client.post("/api/sessions", json=config).json()["id"]
    response = client.post(f"/api/sessions/{session}/step", json={"steps": 10_000})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "steps"],
                "msg": "10000 steps of 1200 examples are 12000000 examples; at most 500000 "
                "examples per call, so ask for at most 416 steps (or lower "
                "training.batch_size)",
                "type": "value_error",
            }
        ],
        "code": "validation_error",
    }
    assert client.post(f"/api/sessions/{session}/step", json={"steps": 416}).status_code == 200


def test_epochs_beyond_the_example_budget_are_422(client: TestClient) -> None:
    config = {"data": {"n_samples": 2000}, "training": {"batch_size": 2000}}
    session = client.post("/api/sessions", json=config).json()["id"]
    response = client.post(f"/api/sessions/{session}/step", json={"epochs": 1000})
    assert response.status_code == 422
    assert response.json()["detail"][0] == {
        "loc": ["body", "epochs"],
        "msg": "1000 epochs are 1200000 examples here (1200 per epoch); at most 500000 "
        "examples per call, so ask for at most 416 epochs",
        "type": "value_error",
    }


WORST_CASE = {
    "data": {"dataset": "blobs", "n_samples": 2000, "n_classes": 6},
    "features": {"inputs": ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]},
    "network": {"hidden_layer_sizes": [16] * 8, "activation": "gelu", "output": "multiclass"},
    "training": {"optimizer": "adam", "dropout": 0.5, "regularization": "l1", "alpha": 0.001},
}


@pytest.mark.parametrize("batch_size", [1, 100, 2000])
def test_the_largest_step_call_is_allowed(client: TestClient, batch_size: int) -> None:
    """The largest call the limits allow trains and answers (its time: bench/step_call.py)."""
    config = {**WORST_CASE, "training": {**WORST_CASE["training"], "batch_size": batch_size}}
    session = client.post("/api/sessions", json=config).json()["id"]
    most = min(10_000, 500_000 // min(batch_size, 1200))
    response = client.post(f"/api/sessions/{session}/step", json={"steps": most})
    assert response.status_code == 200
    assert response.json()["step"] == most


def test_reset_clears_history_and_keeps_data(client: TestClient, session_id: str) -> None:
    points = client.get(f"/api/sessions/{session_id}/points").json()
    fresh = client.get(f"/api/sessions/{session_id}").json()["metrics"]
    client.post(f"/api/sessions/{session_id}/step", json={"steps": 40})
    response = client.post(f"/api/sessions/{session_id}/reset")
    assert response.status_code == 200
    assert response.json()["metrics"] == fresh
    assert client.get(f"/api/sessions/{session_id}/history").json()["step"] == [0]
    assert client.get(f"/api/sessions/{session_id}/points").json() == points


def test_reset_with_a_new_seed_changes_the_weights(client: TestClient, session_id: str) -> None:
    points = client.get(f"/api/sessions/{session_id}/points").json()
    client.post(f"/api/sessions/{session_id}/step", json={"steps": 40})
    before = client.get(f"/api/sessions/{session_id}").json()["metrics"]["train_loss"]
    response = client.post(f"/api/sessions/{session_id}/reset", json={"random_state": 11})
    assert response.status_code == 200
    assert response.json()["config"]["random_state"] == 11
    assert response.json()["metrics"]["step"] == 0
    assert response.json()["metrics"]["train_loss"] != before
    assert client.get(f"/api/sessions/{session_id}/history").json()["step"] == [0]
    assert client.get(f"/api/sessions/{session_id}/points").json() == points


def test_reset_refuses_a_negative_seed(client: TestClient, session_id: str) -> None:
    response = client.post(f"/api/sessions/{session_id}/reset", json={"random_state": -1})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "random_state"]


def _wait_for(client: TestClient, session_id: str, step_at_least: int) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body: dict[str, object] = client.get(f"/api/sessions/{session_id}").json()
        if int(body["metrics"]["step"]) >= step_at_least:  # type: ignore[index]
            return body
        time.sleep(0.02)
    raise AssertionError("the play loop did not advance")


def test_play_trains_in_the_background_and_pause_stops_it(
    client: TestClient, session_id: str
) -> None:
    response = client.post(
        f"/api/sessions/{session_id}/play", json={"fps": 60, "steps_per_frame": 3}
    )
    assert response.status_code == 200
    assert (response.json()["playing"], response.json()["status"]) == (True, "running")
    assert (response.json()["fps"], response.json()["steps_per_frame"]) == (60, 3)
    running = _wait_for(client, session_id, 9)
    assert running["status"] == "running"
    paused = client.post(f"/api/sessions/{session_id}/pause").json()
    assert (paused["playing"], paused["status"]) == (False, "idle")
    assert paused["metrics"]["step"] % 3 == 0
    time.sleep(0.1)
    assert client.get(f"/api/sessions/{session_id}").json()["metrics"] == paused["metrics"]


def test_play_without_body_keeps_the_pacing(client: TestClient, session_id: str) -> None:
    body = client.post(f"/api/sessions/{session_id}/play").json()
    assert (body["fps"], body["steps_per_frame"]) == (30, 5)
    client.post(f"/api/sessions/{session_id}/pause")


def test_play_twice_repaces_the_same_loop(client: TestClient, session_id: str) -> None:
    client.post(f"/api/sessions/{session_id}/play", json={"fps": 5})
    body = client.post(f"/api/sessions/{session_id}/play", json={"steps_per_frame": 7}).json()
    assert (body["fps"], body["steps_per_frame"], body["playing"]) == (5, 7, True)
    client.post(f"/api/sessions/{session_id}/pause")


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        ({"fps": 0}, ["body", "fps"]),
        ({"fps": 61}, ["body", "fps"]),
        ({"fps": True}, ["body", "fps"]),
        ({"steps_per_frame": 0}, ["body", "steps_per_frame"]),
        ({"steps_per_frame": 101}, ["body", "steps_per_frame"]),
        ({"rate": 1}, ["body", "rate"]),
    ],
)
def test_bad_play_requests_are_422(
    client: TestClient, session_id: str, payload: dict[str, object], loc: list[str]
) -> None:
    response = client.post(f"/api/sessions/{session_id}/play", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


def test_pause_when_not_playing_is_harmless(client: TestClient, session_id: str) -> None:
    response = client.post(f"/api/sessions/{session_id}/pause")
    assert response.status_code == 200
    assert response.json()["playing"] is False


def test_steps_while_playing_are_serialised(client: TestClient, session_id: str) -> None:
    client.post(f"/api/sessions/{session_id}/play", json={"fps": 60, "steps_per_frame": 1})
    for _ in range(5):
        before = client.get(f"/api/sessions/{session_id}").json()["metrics"]["step"]
        after = client.post(f"/api/sessions/{session_id}/step", json={"steps": 100}).json()
        assert after["step"] >= before + 100
    client.post(f"/api/sessions/{session_id}/pause")


def test_a_diverging_run_says_so_and_stays_usable(client: TestClient) -> None:
    session = client.post("/api/sessions", json=DIVERGING).json()["id"]
    body = client.post(f"/api/sessions/{session}/step", json={"steps": 200}).json()
    assert body["status"] == "diverged"
    assert body["diverged_at"] is not None
    assert "Lower the learning rate" in body["message"]
    assert client.get(f"/api/sessions/{session}/boundary").status_code == 200
    assert client.get(f"/api/sessions/{session}/history").status_code == 200
    play = client.post(f"/api/sessions/{session}/play")
    assert play.status_code == 409
    assert play.json()["detail"].startswith("cannot play: the run diverged at step")
    fixed = client.patch(f"/api/sessions/{session}", json={"training": {"learning_rate": 0.01}})
    assert fixed.json()["status"] == "idle"
    client.post(f"/api/sessions/{session}/reset")
    after = client.post(f"/api/sessions/{session}/step", json={"steps": 10}).json()
    assert after["status"] == "idle"


def test_a_diverging_run_stops_playing_by_itself(client: TestClient) -> None:
    session = client.post("/api/sessions", json=DIVERGING).json()["id"]
    client.post(f"/api/sessions/{session}/play", json={"fps": 60, "steps_per_frame": 20})
    deadline = time.monotonic() + 30
    body = client.get(f"/api/sessions/{session}").json()
    while body["status"] != "diverged" and time.monotonic() < deadline:
        time.sleep(0.02)
        body = client.get(f"/api/sessions/{session}").json()
    assert (body["status"], body["playing"]) == ("diverged", False)
    assert "reset" in body["message"]
    reset = client.post(f"/api/sessions/{session}/reset").json()
    assert (reset["status"], reset["message"]) == ("idle", None)


def test_an_unwatched_session_is_paused_after_the_limit() -> None:
    from app.core.config import Settings
    from app.main import create_app

    with TestClient(create_app(Settings(unwatched_play_ttl=1.0))) as client:
        session = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
        client.post(f"/api/sessions/{session}/play", json={"fps": 30, "steps_per_frame": 1})
        held = client.app.state.store._sessions[session]  # type: ignore[attr-defined]
        time.sleep(0.15)
        assert held.playing
        deadline = time.monotonic() + 30
        while held.playing and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not held.playing
        body = client.get(f"/api/sessions/{session}").json()
        assert (body["playing"], body["status"]) == (False, "idle")
        assert body["metrics"]["step"] > 0
