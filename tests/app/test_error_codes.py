"""Every error answer carries a stable machine-readable `code`, listed in one table and the docs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core import errors
from app.core.config import Settings
from app.main import create_app
from tests.app.conftest import DIVERGING

API_DOC = Path(__file__).parents[2] / "docs" / "api.md"


def _request(client: TestClient, name: str) -> Any:
    """One request that ends in the error `name`."""
    session = client.post("/api/sessions", json=DIVERGING).json()["id"]
    if name == "conflict":
        client.post(f"/api/sessions/{session}/step", json={"steps": 50})
        return client.post(f"/api/sessions/{session}/play")
    requests = {
        "validation_error": lambda: client.post("/api/sessions", json={"random_state": -1}),
        "json_invalid": lambda: client.post(
            "/api/sessions", content=b"{", headers={"Content-Type": "application/json"}
        ),
        "engine_refusal": lambda: client.patch(f"/api/sessions/{session}", json={}),
        "not_found": lambda: client.get("/api/nothing"),
        "session_not_found": lambda: client.get("/api/sessions/nope"),
        "method_not_allowed": lambda: client.put("/api/options"),
        "body_too_large": lambda: client.post(
            "/api/sessions", content=b" " * 2_000_000, headers={"Content-Type": "application/json"}
        ),
        "unsupported_media_type": lambda: client.put(
            f"/api/sessions/{session}/points", content=b"x", headers={"Content-Type": "text/plain"}
        ),
    }
    return requests[name]()


@pytest.mark.parametrize(
    ("name", "status", "code"),
    [
        ("validation_error", 422, "validation_error"),
        ("json_invalid", 422, "validation_error"),
        ("engine_refusal", 422, "validation_error"),
        ("not_found", 404, "not_found"),
        ("session_not_found", 404, "session_not_found"),
        ("method_not_allowed", 405, "method_not_allowed"),
        ("body_too_large", 413, "body_too_large"),
        ("unsupported_media_type", 415, "unsupported_media_type"),
        ("conflict", 409, "conflict"),
    ],
)
def test_each_error_answers_its_code(client: TestClient, name: str, status: int, code: str) -> None:
    response = _request(client, name)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert set(body) == {"detail", "code"}
    if status == 422:  # each problem keeps the pydantic shape
        assert all({"loc", "msg", "type"} <= set(item) for item in body["detail"])


def test_a_full_server_answers_too_many_sessions() -> None:
    with TestClient(create_app(Settings(max_sessions=1))) as client:
        client.post("/api/sessions", json={})
        response = client.post("/api/sessions", json={})
    assert response.status_code == 503
    assert response.json()["code"] == "too_many_sessions"


def _raising(error: Exception) -> FastAPI:
    application = create_app(Settings())

    @application.get("/raise")
    def raise_it() -> None:
        raise error

    return application


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (errors.TooManyViewers(3), 429, "too_many_viewers"),
        (errors.TooManyStreams(3), 503, "too_many_streams"),
        (errors.ApiError("unreadable"), 400, "bad_request"),
        (RuntimeError("kaboom"), 500, "internal_error"),
    ],
)
def test_errors_raised_anywhere_answer_their_code(
    error: Exception, status: int, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    with TestClient(_raising(error), raise_server_exceptions=False) as client:
        response = client.get("/raise")
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_an_error_class_with_an_unlisted_code_is_refused() -> None:
    with pytest.raises(TypeError, match="not listed in CODES"):

        class Teapot(errors.ApiError):
            status_code = 418
            code = "teapot"


def test_an_error_class_must_declare_a_code_of_its_own_status() -> None:
    with pytest.raises(TypeError, match="answers 403 but its code 'bad_request'"):

        class Forbidden(errors.ApiError):
            status_code = 403


def test_an_unlisted_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown error code 'teapot'"):
        errors.error_body("short and stout", "teapot")


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    errors_part = API_DOC.read_text().split("### Message codes")[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", errors_part, re.MULTILINE))
    assert documented == set(errors.CODES)


def test_openapi_lists_the_codes(client: TestClient) -> None:
    model = client.get("/openapi.json").json()["components"]["schemas"]["ErrorMessage"]
    assert model["required"] == ["detail", "code"]
    assert model["properties"]["code"]["enum"] == list(errors.CODES)
