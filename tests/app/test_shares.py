"""Share links: a frozen copy of a run under its own id, opened as a fork, deleted by its maker."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from tests.app.conftest import SMALL_RUN


def _trained_session(client: TestClient, steps: int = 40) -> str:
    session_id: str = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
    client.post(f"/api/sessions/{session_id}/step", json={"steps": steps})
    return session_id


def test_a_share_has_its_own_id_and_carries_the_trained_run(client: TestClient) -> None:
    session_id = _trained_session(client)
    exported = client.get(f"/api/sessions/{session_id}/export").json()
    response = client.post(f"/api/sessions/{session_id}/share")
    assert response.status_code == 201
    share = response.json()
    assert set(share) == {"share_id", "url", "delete_token"}
    assert share["share_id"] != session_id and session_id not in share["url"]
    assert share["url"] == f"/s/{share['share_id']}"
    assert client.get(f"/api/shared/{share['share_id']}").json() == exported


def test_a_share_stays_as_it_was_while_its_session_trains_on(client: TestClient) -> None:
    session_id = _trained_session(client)
    share_id = client.post(f"/api/sessions/{session_id}/share").json()["share_id"]
    client.post(f"/api/sessions/{session_id}/step", json={"steps": 25})
    shared = client.get(f"/api/shared/{share_id}").json()
    assert shared["trainer"] != client.get(f"/api/sessions/{session_id}/export").json()["trainer"]


def test_opening_a_share_forks_a_new_session_at_the_shared_step(client: TestClient) -> None:
    session_id = _trained_session(client, steps=40)
    share_id = client.post(f"/api/sessions/{session_id}/share").json()["share_id"]
    opened = client.post(f"/api/shared/{share_id}/open")
    assert opened.status_code == 201
    fork = opened.json()
    assert fork["id"] not in (session_id, share_id)
    assert fork["metrics"]["step"] == 40
    original = client.get(f"/api/sessions/{session_id}/export").json()
    assert client.get(f"/api/sessions/{fork['id']}/export").json()["params"] == original["params"]


def test_the_share_page_serves_the_playground(client: TestClient) -> None:
    session_id = _trained_session(client)
    url = client.post(f"/api/sessions/{session_id}/share").json()["url"]
    page = client.get(url)
    assert page.status_code == 200
    assert "<title>NN Playground</title>" in page.text


def test_deleting_needs_the_token_or_the_session_id(client: TestClient) -> None:
    session_id = _trained_session(client)
    first = client.post(f"/api/sessions/{session_id}/share").json()
    second = client.post(f"/api/sessions/{session_id}/share").json()
    refused = client.delete(f"/api/shared/{first['share_id']}", headers={"X-Delete-Token": "no"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "share_forbidden"
    by_token = {"X-Delete-Token": first["delete_token"]}
    assert client.delete(f"/api/shared/{first['share_id']}", headers=by_token).status_code == 204
    by_session = {"X-Session-Id": session_id}
    assert client.delete(f"/api/shared/{second['share_id']}", headers=by_session).status_code == 204
    for share in (first, second):
        gone = client.get(f"/api/shared/{share['share_id']}")
        assert gone.status_code == 404
        assert gone.json()["code"] == "share_not_found"


def test_an_unknown_share_is_a_404_everywhere(client: TestClient) -> None:
    for method, path in (("GET", "/api/shared/nope"), ("POST", "/api/shared/nope/open")):
        response = client.request(method, path)
        assert response.status_code == 404
        assert response.json()["code"] == "share_not_found"


def test_shares_past_the_hourly_cap_get_429() -> None:
    with TestClient(create_app(Settings(shares_per_client_hour=2))) as client:
        session_id = _trained_session(client)
        for _ in range(2):
            assert client.post(f"/api/sessions/{session_id}/share").status_code == 201
        refused = client.post(f"/api/sessions/{session_id}/share")
    assert refused.status_code == 429
    assert refused.json()["code"] == "client_share_limit"
    assert int(refused.headers["Retry-After"]) > 0
