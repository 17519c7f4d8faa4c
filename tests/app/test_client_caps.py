"""Per-client caps: sessions in use and open streams per client address, answered 429."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from app.sessions.store import SessionStore
from tests.app.conftest import SMALL_RUN, LiveServer

CAP = 3


def _client(**overrides: object) -> TestClient:
    settings = Settings(
        max_sessions=20, reap_interval=600.0, max_sessions_per_client=CAP, **overrides
    )
    return TestClient(create_app(settings))


@pytest.fixture
def behind_proxy() -> Iterator[TestClient]:
    with _client(client_ip_header="X-Real-IP") as client:
        yield client


def _create(client: TestClient, address: str | None = None) -> httpx.Response:
    headers = {"X-Real-IP": address} if address is not None else {}
    return client.post("/api/sessions", json=SMALL_RUN, headers=headers)


def _make_stale(client: TestClient, session_id: str) -> None:
    """Date the session's last call back beyond the window, as a tab closed long ago."""
    store: SessionStore = client.app.state.store  # type: ignore[attr-defined]
    store.get(session_id).last_active -= store.settings.client_active_window + 1


def test_a_client_over_its_session_cap_gets_429_naming_the_limit(
    behind_proxy: TestClient,
) -> None:
    for _ in range(CAP):
        assert _create(behind_proxy, "10.0.0.1").status_code == 201
    refused = _create(behind_proxy, "10.0.0.1")
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": f"your address already has {CAP} sessions in use, the most one client may "
        "have (NN_PLAYGROUND_MAX_SESSIONS_PER_CLIENT); DELETE one you no longer need or try "
        f"again in {int(refused.headers['Retry-After'])} s",
        "code": "client_session_limit",
    }
    assert 1 <= int(refused.headers["Retry-After"]) <= 300
    assert _create(behind_proxy, "10.0.0.2").status_code == 201  # another client is not held up


def test_sessions_a_closed_tab_left_behind_do_not_count(behind_proxy: TestClient) -> None:
    made = [_create(behind_proxy, "10.0.0.1").json()["id"] for _ in range(CAP)]
    assert _create(behind_proxy, "10.0.0.1").status_code == 429
    _make_stale(behind_proxy, made[0])
    assert _create(behind_proxy, "10.0.0.1").status_code == 201
    assert behind_proxy.get(f"/api/sessions/{made[0]}").status_code == 200  # kept, counts again
    assert _create(behind_proxy, "10.0.0.1").status_code == 429


def test_deleting_a_session_makes_room(behind_proxy: TestClient) -> None:
    made = [_create(behind_proxy, "10.0.0.1").json()["id"] for _ in range(CAP)]
    assert behind_proxy.delete(f"/api/sessions/{made[0]}").status_code == 204
    assert _create(behind_proxy, "10.0.0.1").status_code == 201


def test_the_header_is_ignored_unless_configured() -> None:
    with _client() as client:
        for index in range(CAP):
            assert _create(client, f"10.0.0.{index}").status_code == 201
        assert _create(client, "10.0.0.99").status_code == 429  # one peer, whatever it claims


def test_forwarded_for_counts_the_entry_the_proxy_added() -> None:
    with _client(client_ip_header="X-Forwarded-For") as client:
        for index in range(CAP):
            forged = {"X-Forwarded-For": f"192.0.2.{index}, 10.0.0.1"}
            assert client.post("/api/sessions", json={}, headers=forged).status_code == 201
        forged = {"X-Forwarded-For": "192.0.2.77, 10.0.0.1"}
        assert client.post("/api/sessions", json={}, headers=forged).status_code == 429
        other = {"X-Forwarded-For": "10.0.0.2"}
        assert client.post("/api/sessions", json={}, headers=other).status_code == 201


@pytest.fixture
def settings() -> Settings:
    return Settings(
        max_sessions=20,
        reap_interval=600.0,
        keepalive=1.0,
        max_sessions_per_client=1,
        max_streams_per_client=2,
        client_ip_header="X-Real-IP",
    )


def test_a_client_over_its_stream_cap_gets_429(live_server: LiveServer) -> None:
    a, b = {"X-Real-IP": "10.0.0.1"}, {"X-Real-IP": "10.0.0.2"}
    with httpx.Client(base_url=live_server.url, timeout=30) as client, ExitStack() as streams:
        session = client.post("/api/sessions", json=SMALL_RUN, headers=a).json()["id"]
        url = f"/api/sessions/{session}/stream"
        for _ in range(2):
            assert streams.enter_context(client.stream("GET", url, headers=a)).status_code == 200
        refused = client.get(url, headers=a)
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "5"
        assert refused.json()["code"] == "client_stream_limit"
        assert streams.enter_context(client.stream("GET", url, headers=b)).status_code == 200


def test_a_watched_session_counts_however_long_ago_it_was_called(
    live_server: LiveServer,
) -> None:
    store: SessionStore = live_server.app.state.store
    a = {"X-Real-IP": "10.0.0.1"}
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        session = client.post("/api/sessions", json=SMALL_RUN, headers=a).json()["id"]
        with client.stream("GET", f"/api/sessions/{session}/stream", headers=a) as watched:
            assert watched.status_code == 200
            store.get(session).last_active -= store.settings.client_active_window + 1
            assert client.post("/api/sessions", json={}, headers=a).status_code == 429
