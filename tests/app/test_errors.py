from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app


def test_a_body_over_the_limit_is_413_json(client: TestClient) -> None:
    response = client.post(
        "/api/sessions", content=b" " * 1_048_577, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json() == {
        "detail": "request body too large: at most 1048576 bytes are accepted",
        "code": "body_too_large",
    }


def test_a_streamed_body_over_the_limit_is_413_json() -> None:
    with TestClient(create_app(Settings(max_body_bytes=2048))) as client:
        session = client.post("/api/sessions", json={}).json()["id"]
        chunks = (b"0,0,0\n" * 100 for _ in range(10))
        response = client.put(
            f"/api/sessions/{session}/points", content=chunks, headers={"Content-Type": "text/csv"}
        )
    assert response.status_code == 413
    assert response.json() == {
        "detail": "request body too large: at most 2048 bytes are accepted",
        "code": "body_too_large",
    }


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/sessions", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"random_state": 1' + b"0" * 5000 + b"}"],
    ids=["nested too deeply", "a number too long"],
)
@pytest.mark.parametrize("path", ["/api/sessions", "/api/sessions/import"])
def test_json_python_cannot_parse_is_422(client: TestClient, path: str, body: bytes) -> None:
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body"],
                "msg": "the body could not be parsed as JSON: it is nested too deeply or holds "
                "a number too long",
                "type": "json_invalid",
            }
        ],
        "code": "validation_error",
    }


def test_non_utf8_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/sessions", content=b'{"a": "\xff"}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "the body is not UTF-8 JSON"


def test_a_json_array_instead_of_an_object_is_422(client: TestClient) -> None:
    response = client.post("/api/sessions", json=[1, 2])
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


def test_unknown_routes_are_404_json(client: TestClient) -> None:
    response = client.get("/api/nothing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found", "code": "not_found"}


def test_wrong_methods_are_405_json(client: TestClient) -> None:
    response = client.put("/api/options")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed", "code": "method_not_allowed"}
    assert response.headers["allow"] == "GET"


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/sessions", "POST"),
        ("/api/sessions/abc", "DELETE, GET, PATCH"),
        ("/api/sessions/abc/points", "GET, PUT"),
        ("/api/sessions/abc/weights", "PUT"),
        ("/api/sessions/import", "POST"),
        ("/api/sessions/abc/stream", "GET"),
        ("/health", "GET"),
        ("/", "GET"),
    ],
)
@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "POST"])
def test_a_405_lists_every_method_of_its_path(
    client: TestClient, path: str, allowed: str, method: str
) -> None:
    if method in allowed:
        return
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json()["detail"] == "Method Not Allowed"


def test_an_unexpected_error_is_a_logged_json_500(caplog: pytest.LogCaptureFixture) -> None:
    application: FastAPI = create_app(Settings())

    @application.get("/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    with (
        caplog.at_level(logging.ERROR, logger="app.errors"),
        TestClient(application, raise_server_exceptions=False) as client,
    ):
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "internal error; it has been logged. Please report what you sent.",
        "code": "internal_error",
    }
    assert "kaboom" in caplog.text


def test_validation_errors_do_not_echo_the_input(client: TestClient) -> None:
    response = client.post("/api/sessions", json={"data": {"noise": 9.5}})
    error = response.json()["detail"][0]
    assert error == {
        "loc": ["body", "data", "noise"],
        "msg": "Input should be less than or equal to 1",
        "type": "less_than_equal",
        "ctx": {"le": 1.0},
    }
