from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from engine import Run, RunConfig
from tests.app.conftest import SMALL_RUN


def test_create_with_empty_body_resolves_the_engine_defaults(client: TestClient) -> None:
    response = client.post("/api/sessions", json={})
    assert response.status_code == 201
    body = response.json()
    assert body["config"] == RunConfig().to_dict()
    assert body["status"] == "idle"
    assert body["message"] is None
    assert (body["playing"], body["fps"], body["steps_per_frame"], body["viewers"]) == (
        False,
        30,
        5,
        0,
    )
    assert body["metrics"]["step"] == 0
    assert len(body["id"]) >= 32


def test_create_without_body_is_the_same_as_empty(client: TestClient) -> None:
    response = client.post("/api/sessions")
    assert response.status_code == 201
    assert response.json()["config"] == RunConfig().to_dict()


def test_created_config_matches_the_engine_run(client: TestClient) -> None:
    body = client.post("/api/sessions", json=SMALL_RUN).json()
    assert body["config"] == Run(SMALL_RUN).config.to_dict()
    assert body["metrics"]["train_loss"] == pytest.approx(Run(SMALL_RUN).metrics()["train_loss"])


def test_ids_are_unguessable_and_distinct(client: TestClient) -> None:
    ids = {client.post("/api/sessions", json={}).json()["id"] for _ in range(5)}
    assert len(ids) == 5
    assert all(len(i) >= 32 and i.replace("-", "").replace("_", "").isalnum() for i in ids)


def test_get_returns_the_session(client: TestClient, session_id: str) -> None:
    response = client.get(f"/api/sessions/{session_id}")
    assert response.status_code == 200
    assert response.json()["id"] == session_id


def test_unknown_session_is_404_with_a_hint(client: TestClient) -> None:
    response = client.get("/api/sessions/nope")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "no session 'nope': it never existed, was deleted, or expired after 600 s "
        "idle; create one with POST /api/sessions",
        "code": "session_not_found",
    }


@pytest.mark.parametrize(
    "path",
    ["", "/history", "/points", "/export", "/boundary", "/trace?x1=0&x2=0"],
)
def test_every_session_route_answers_404_for_unknown_ids(client: TestClient, path: str) -> None:
    response = client.get(f"/api/sessions/missing{path}")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("no session 'missing'")


def test_delete_forgets_the_session(client: TestClient, session_id: str) -> None:
    assert client.delete(f"/api/sessions/{session_id}").status_code == 204
    assert client.get(f"/api/sessions/{session_id}").status_code == 404
    assert client.delete(f"/api/sessions/{session_id}").status_code == 404


def test_patch_hyper_parameters_keeps_the_weights(client: TestClient, session_id: str) -> None:
    client.post(f"/api/sessions/{session_id}/step", json={"steps": 50})
    before = client.get(f"/api/sessions/{session_id}/export").json()
    response = client.patch(
        f"/api/sessions/{session_id}", json={"training": {"learning_rate": 0.01}}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["reinitialized"] == []
    assert body["message"] == "hyper-parameters applied live; the weights were kept"
    assert body["config"]["training"]["learning_rate"] == 0.01
    assert body["metrics"]["step"] == 50
    after = client.get(f"/api/sessions/{session_id}/export").json()
    assert _weights(after) == _weights(before)


def _weights(export: dict[str, Any]) -> Any:
    return export.get("network", export.get("params", export))


def test_patch_architecture_reinitialises_the_network(client: TestClient, session_id: str) -> None:
    client.post(f"/api/sessions/{session_id}/step", json={"steps": 50})
    response = client.patch(
        f"/api/sessions/{session_id}", json={"network": {"hidden_layer_sizes": [3, 3]}}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["reinitialized"] == ["network"]
    assert body["message"] == (
        "the network settings changed: the network was re-initialised (new weights); the data "
        "were kept"
    )
    assert body["metrics"]["step"] == 0
    assert len(body["metrics"]["layers"]) == 3


def test_patch_data_regenerates_data_and_network(client: TestClient, session_id: str) -> None:
    response = client.patch(f"/api/sessions/{session_id}", json={"data": {"noise": 0.3}})
    assert response.json()["reinitialized"] == ["data", "network"]
    assert response.json()["message"] == (
        "the data settings changed: the data were rebuilt (regenerated, re-split or given new "
        "features) and the network re-initialised (new weights)"
    )


def test_patch_features_names_the_cause(client: TestClient, session_id: str) -> None:
    points = client.get(f"/api/sessions/{session_id}/points").json()
    response = client.patch(
        f"/api/sessions/{session_id}", json={"features": {"inputs": ["x1", "x2", "x1*x2"]}}
    )
    assert response.json()["reinitialized"] == ["data", "network"]
    assert response.json()["message"].startswith("the input features changed: ")
    assert client.get(f"/api/sessions/{session_id}/points").json() == points


def test_patch_optimizer_type_says_its_state_was_reset(client: TestClient, session_id: str) -> None:
    response = client.patch(f"/api/sessions/{session_id}", json={"training": {"optimizer": "adam"}})
    assert response.status_code == 200
    assert response.json()["reinitialized"] == ["optimizer"]


def test_patch_with_nothing_to_change_is_422(client: TestClient, session_id: str) -> None:
    response = client.patch(f"/api/sessions/{session_id}", json={})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"loc": ["body"], "msg": "send at least one field to change", "type": "value_error"}
        ],
        "code": "validation_error",
    }


def test_patch_refused_by_the_engine_changes_nothing(client: TestClient, session_id: str) -> None:
    response = client.patch(
        f"/api/sessions/{session_id}", json={"network": {"output": "regression"}}
    )
    assert response.status_code == 422
    assert "output" in response.json()["detail"][0]["msg"]
    config = client.get(f"/api/sessions/{session_id}").json()["config"]
    assert config["network"]["output"] == "binary"


def test_export_then_import_continues_identically(client: TestClient, session_id: str) -> None:
    client.post(f"/api/sessions/{session_id}/step", json={"steps": 30})
    exported = client.get(f"/api/sessions/{session_id}/export")
    assert exported.status_code == 200
    imported = client.post("/api/sessions/import", json=exported.json())
    assert imported.status_code == 201
    copy_id = imported.json()["id"]
    assert copy_id != session_id
    assert imported.json()["config"] == exported.json()["config"]
    original = client.post(f"/api/sessions/{session_id}/step", json={"steps": 40}).json()
    copy = client.post(f"/api/sessions/{copy_id}/step", json={"steps": 40}).json()
    assert copy == original


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"format": "nn-playground-run"},
        {"format": "nn-playground-run", "version": "x"},
        {"a": [1]},
    ],
)
def test_import_of_a_bad_document_is_422(client: TestClient, document: dict[str, Any]) -> None:
    response = client.post("/api/sessions/import", json=document)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


def test_import_of_a_tampered_export_is_422(client: TestClient, session_id: str) -> None:
    exported = client.get(f"/api/sessions/{session_id}/export").json()
    for key in list(exported):
        if key not in ("format", "version"):
            broken = dict(exported)
            broken[key] = "garbage"
            response = client.post("/api/sessions/import", json=broken)
            assert response.status_code == 422, (key, response.text)


ADAM_RUN = {**SMALL_RUN, "training": {**SMALL_RUN["training"], "optimizer": "adam"}}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("trainer", "pos"), -1),
        (("trainer", "step"), 10**30),
        (("trainer", "optimizer", "t"), -5),
        (("trainer", "clip_scale"), 0),
        (("trainer", "order", 0), 2**70),
        (("rng", "state", "state"), -1),
        (("rng", "uinteger"), 1e300),
        (("data", "train", "y", 0), 1e300),
    ],
)
def test_import_of_an_export_with_a_bad_number_is_422(
    client: TestClient, path: tuple[str | int, ...], value: object
) -> None:
    session = client.post("/api/sessions", json=ADAM_RUN).json()["id"]
    client.post(f"/api/sessions/{session}/step", json={"steps": 3})
    document = client.get(f"/api/sessions/{session}/export").json()
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    response = client.post("/api/sessions/import", json=document)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["msg"].startswith(("not a valid export", "saved"))


@pytest.mark.parametrize("target", [float("nan"), None])
def test_import_of_a_regression_export_without_a_target_is_422(
    client: TestClient, target: float | None
) -> None:
    config = {"data": {"dataset": "plane"}, "network": {"output": "regression", "loss": "mse"}}
    session = client.post("/api/sessions", json=config).json()["id"]
    document = client.get(f"/api/sessions/{session}/export").json()
    document["data"]["test"]["y"][0] = target
    response = client.post(
        "/api/sessions/import",
        content=json.dumps(document),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith(
        "saved run: data.test.y must be a list of finite numbers"
    )


def test_the_session_cap_answers_503_with_retry_after() -> None:
    with TestClient(create_app(Settings(max_sessions=2))) as client:
        assert client.post("/api/sessions", json={}).status_code == 201
        assert client.post("/api/sessions", json={}).status_code == 201
        response = client.post("/api/sessions", json={})
        assert response.status_code == 503
        assert int(response.headers["retry-after"]) >= 1
        assert response.json()["detail"].startswith(
            "the server already holds its maximum of 2 live sessions"
        )
        imported = client.post("/api/sessions/import", json={})
        assert imported.status_code == 503


def test_deleting_a_session_frees_a_slot() -> None:
    with TestClient(create_app(Settings(max_sessions=1))) as client:
        first = client.post("/api/sessions", json={}).json()["id"]
        assert client.post("/api/sessions", json={}).status_code == 503
        client.delete(f"/api/sessions/{first}")
        assert client.post("/api/sessions", json={}).status_code == 201


def test_idle_sessions_expire_after_the_ttl() -> None:
    import time

    with TestClient(create_app(Settings(max_sessions=1, session_ttl=0.2))) as client:
        first = client.post("/api/sessions", json={}).json()["id"]
        time.sleep(0.3)
        assert client.post("/api/sessions", json={}).status_code == 201
        assert client.get(f"/api/sessions/{first}").status_code == 404


def test_a_playing_session_is_not_idle() -> None:
    import time

    with TestClient(create_app(Settings(max_sessions=1, session_ttl=0.2))) as client:
        first = client.post("/api/sessions", json={}).json()["id"]
        client.post(f"/api/sessions/{first}/play", json={"fps": 10, "steps_per_frame": 1})
        time.sleep(0.3)
        assert client.post("/api/sessions", json={}).status_code == 503
        client.post(f"/api/sessions/{first}/pause")


def test_the_sweeper_expires_sessions_in_the_background() -> None:
    import time

    settings = Settings(session_ttl=0.1, reap_interval=0.05)
    with TestClient(create_app(settings)) as client:
        first = client.post("/api/sessions", json={}).json()["id"]
        store = client.app.state.store  # type: ignore[attr-defined]
        deadline = time.monotonic() + 30  # a poll: a busy machine is slow, never wrong
        while len(store) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(store) == 0
        assert client.get(f"/api/sessions/{first}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "", {"training": {"learning_rate": 0.1}}),
        ("DELETE", "", None),
        ("POST", "/step", {"steps": 1}),
        ("POST", "/reset", None),
        ("POST", "/play", None),
        ("POST", "/pause", None),
        ("POST", "/predict", {"points": [[0, 0]]}),
        ("PUT", "/points", {"points": [[0, 0, 0], [1, 1, 1]]}),
        ("PUT", "/weights", {"layer": 0, "row": 0, "col": 0, "value": 1.0}),
        ("GET", "/stream", None),
    ],
)
def test_every_changing_route_answers_404_for_unknown_ids(
    client: TestClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    response = client.request(method, f"/api/sessions/missing{path}", json=body)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("no session 'missing'")
