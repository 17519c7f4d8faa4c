"""Every answer carries the security headers: the page, the API, refusals and live streams."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from app.core.security_headers import PAGE_CSP
from tests.app.conftest import SMALL_RUN, LiveServer
from tests.app.sse import frames

EXPECTED_CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def assert_security_headers(headers: httpx.Headers) -> None:
    assert headers["content-security-policy"] == EXPECTED_CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_the_page_policy_allows_only_this_origin_and_no_framing() -> None:
    assert PAGE_CSP == EXPECTED_CSP


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/", {}),
        ("GET", "/static/js/main.js", {}),
        ("GET", "/health", {}),
        ("GET", "/api/options", {}),
        ("GET", "/api/sessions/unknown", {}),  # 404
        ("POST", "/api/sessions", {"Origin": "https://attacker.example"}),  # 403
        ("GET", "/", {"Host": "attacker.example"}),  # 400
    ],
)
def test_every_answer_carries_the_headers(
    client: TestClient, method: str, path: str, headers: dict[str, str]
) -> None:
    assert_security_headers(client.request(method, path, headers=headers).headers)


def test_a_live_stream_carries_the_headers_and_still_streams(live_server: LiveServer) -> None:
    created = httpx.post(f"{live_server.url}/api/sessions", json=SMALL_RUN, timeout=10)
    url = f"{live_server.url}/api/sessions/{created.json()['id']}/stream"
    with httpx.stream("GET", url, params={"resolution": 8}, timeout=10) as response:
        assert_security_headers(response.headers)
        assert next(frames(response))["step"] == 0
