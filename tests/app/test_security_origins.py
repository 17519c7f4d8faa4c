"""Other websites cannot create or drive sessions; the server answers only to known host names."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from tests.app.conftest import SMALL_RUN

FOREIGN = "https://attacker.example"
CROSS_ORIGIN_DETAIL = (
    "a POST from origin 'https://attacker.example' was refused: POST, PUT, PATCH and DELETE must "
    "come from this server's own page or send no Origin header; to allow another site, add its "
    "origin to NN_PLAYGROUND_ALLOWED_ORIGINS (comma-separated, e.g. "
    "https://playground.example.org)"
)


def client_for(**settings: Any) -> TestClient:
    return TestClient(create_app(Settings(reap_interval=600.0, **settings)))


def test_a_bodyless_cross_origin_post_creates_no_session(app: FastAPI, client: TestClient) -> None:
    response = client.post("/api/sessions", headers={"Origin": FOREIGN})
    assert response.status_code == 403
    assert response.json() == {"detail": CROSS_ORIGIN_DETAIL, "code": "cross_origin_request"}
    assert len(app.state.store) == 0


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/step", {"steps": 1}),
        ("POST", "/play", {}),
        ("PATCH", "", {"training": {"learning_rate": 0.5}}),
        ("PUT", "/points", {"points": [[0, 0, 1]]}),
        ("DELETE", "", None),
    ],
)
def test_every_state_changing_method_from_a_foreign_origin_is_refused(
    app: FastAPI, client: TestClient, session_id: str, method: str, path: str, body: Any
) -> None:
    response = client.request(
        method, f"/api/sessions/{session_id}{path}", json=body, headers={"Origin": FOREIGN}
    )
    assert (response.status_code, response.json()["code"]) == (403, "cross_origin_request")
    assert app.state.store.get(session_id).run.status != "playing"


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, scripts, notebooks
        {"Origin": "http://testserver"},  # the server's own page
        {"Origin": "HTTP://TestServer:80"},  # the same origin, written differently
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed into the address bar
    ],
)
def test_requests_from_the_own_page_or_without_origin_keep_working(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = client.post("/api/sessions", json=SMALL_RUN, headers=headers)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    "origin",
    ["null", "http://testserver:8000", "https://testserver", "http://testserver.attacker.example"],
)
def test_an_origin_differing_in_scheme_port_or_name_is_foreign(
    client: TestClient, origin: str
) -> None:
    response = client.post("/api/sessions", json=SMALL_RUN, headers={"Origin": origin})
    assert response.status_code == 403


def test_a_cross_site_fetch_without_origin_is_refused(client: TestClient) -> None:
    response = client.post("/api/sessions", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert response.json()["code"] == "cross_site_request"


def test_reading_from_a_foreign_origin_is_not_refused(client: TestClient, session_id: str) -> None:
    response = client.get(f"/api/sessions/{session_id}", headers={"Origin": FOREIGN})
    assert response.status_code == 200


def test_a_configured_origin_may_change_sessions() -> None:
    with client_for(allowed_origins="https://attacker.example:443/") as client:
        response = client.post("/api/sessions", json=SMALL_RUN, headers={"Origin": FOREIGN})
        assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST."]
)
def test_loopback_host_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "[::2]", "a b"])
def test_a_foreign_host_gets_400_naming_the_setting(client: TestClient, host: str) -> None:
    response = client.get("/", headers={"Host": host})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "host_not_allowed"
    assert f"Host {host!r} is not allowed" in body["detail"]
    assert "NN_PLAYGROUND_ALLOWED_HOSTS=<name>" in body["detail"]


def test_a_refused_host_changes_nothing(app: FastAPI, client: TestClient) -> None:
    response = client.post("/api/sessions", json=SMALL_RUN, headers={"Host": "rebound.example"})
    assert response.status_code == 400
    assert len(app.state.store) == 0


def test_configured_host_names_are_answered_whatever_the_port() -> None:
    with client_for(allowed_hosts="Play.Example.org") as client:
        assert client.get("/health", headers={"Host": "play.example.org:9000"}).status_code == 200
        assert client.get("/health", headers={"Host": "other.example.org"}).status_code == 400


def test_a_star_answers_any_host() -> None:
    with client_for(allowed_hosts="*") as client:
        assert client.get("/health", headers={"Host": "anything.example"}).status_code == 200


def test_a_bad_allow_list_names_the_variable() -> None:
    with pytest.raises(ValueError, match=r"NN_PLAYGROUND_ALLOWED_ORIGINS=.*'attacker\.example'"):
        Settings.from_env({"NN_PLAYGROUND_ALLOWED_ORIGINS": "attacker.example"})
    with pytest.raises(ValueError, match=r"NN_PLAYGROUND_ALLOWED_HOSTS=.*'a/b'"):
        Settings.from_env({"NN_PLAYGROUND_ALLOWED_HOSTS": "a/b"})


@pytest.fixture
def server_on_127_0_0_2() -> Iterator[str]:
    """A real uvicorn listening on 127.0.0.2 (a specific address that is not in the defaults)."""
    listener = socket.socket()
    listener.bind(("127.0.0.2", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(create_app(Settings(reap_interval=600.0)), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.2:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()


def test_the_address_the_server_listens_on_is_answered(server_on_127_0_0_2: str) -> None:
    url = server_on_127_0_0_2
    assert httpx.get(f"{url}/health").status_code == 200
    page = httpx.post(f"{url}/api/sessions", json=SMALL_RUN, headers={"Origin": url})
    assert page.status_code == 201, page.text
    forged = httpx.get(f"{url}/health", headers={"Host": "rebound.example"})
    assert forged.status_code == 400
