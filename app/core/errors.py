"""Every error the API answers with, as JSON that says what went wrong and how to fix it."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = [
    "ApiError",
    "ClientSessionLimit",
    "ClientStreamLimit",
    "Conflict",
    "ErrorMessage",
    "InvalidInput",
    "SessionNotFound",
    "TooManySessions",
    "TooManyViewers",
    "UnsupportedMediaType",
    "install_error_handlers",
]

logger = logging.getLogger("app.errors")


class ErrorMessage(BaseModel):
    """An error in one sentence."""

    detail: str = Field(
        description="What went wrong and how to fix it.",
        examples=["no session 'abc'; create one with POST /api/sessions"],
    )
    code: str | None = Field(
        default=None,
        description="A stable name for errors a program may want to tell apart; only some have "
        "one (client_session_limit, client_stream_limit).",
        examples=["client_session_limit"],
    )


class ApiError(Exception):
    """An error with its HTTP status; `detail` is shown to the client as is, and `code`, when
    set, as a stable name a program can test for."""

    status_code = 400
    code: str | None = None

    def __init__(self, detail: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = dict(headers or {})


class SessionNotFound(ApiError):
    status_code = 404

    def __init__(self, session_id: str, ttl: float) -> None:
        shown = session_id if len(session_id) <= 64 else session_id[:61] + "..."
        super().__init__(
            f"no session '{shown}': it never existed, was deleted, or expired after "
            f"{ttl:g} s idle; create one with POST /api/sessions"
        )


class TooManySessions(ApiError):
    status_code = 503

    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(
            f"the server already holds its maximum of {limit} live sessions; try again in "
            f"{retry_after} s or DELETE a session you no longer need",
            headers={"Retry-After": str(retry_after)},
        )


class TooManyViewers(ApiError):
    status_code = 429

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"this session already has its maximum of {limit} stream viewers; "
            "close one of them first",
            headers={"Retry-After": "5"},
        )


class TooManyStreams(ApiError):
    status_code = 503

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the server already serves its maximum of {limit} streams; try again later",
            headers={"Retry-After": "5"},
        )


class ClientSessionLimit(ApiError):
    status_code = 429
    code = "client_session_limit"

    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(
            f"your address already has {limit} sessions in use, the most one client may have "
            "(NN_PLAYGROUND_MAX_SESSIONS_PER_CLIENT); DELETE one you no longer need or try again "
            f"in {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )


class ClientStreamLimit(ApiError):
    status_code = 429
    code = "client_stream_limit"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"your address already has {limit} open streams, the most one client may have "
            "(NN_PLAYGROUND_MAX_STREAMS_PER_CLIENT); close one of them first",
            headers={"Retry-After": "5"},
        )


class Conflict(ApiError):
    status_code = 409


class UnsupportedMediaType(ApiError):
    status_code = 415

    def __init__(self, got: str, allowed: Sequence[str]) -> None:
        super().__init__(f"unsupported Content-Type '{got}': send one of {', '.join(allowed)}")


class InvalidInput(Exception):
    """Input the schema allowed but the engine refused; answered as 422 in the pydantic shape."""

    def __init__(self, message: str, loc: Sequence[str | int] = ("body",)) -> None:
        super().__init__(message)
        self.message = message
        self.loc = list(loc)


def _clean_context(context: Any) -> dict[str, Any] | None:
    if not isinstance(context, dict):
        return None
    return {
        str(key): value if isinstance(value, str | int | float | bool) else str(value)
        for key, value in context.items()
    }


def _validation_items(errors: Sequence[Any]) -> list[dict[str, Any]]:
    items = []
    for error in errors:
        item: dict[str, Any] = {
            "loc": [part if isinstance(part, int) else str(part) for part in error["loc"]],
            "msg": str(error["msg"]).removeprefix("Value error, "),
            "type": str(error["type"]),
        }
        context = _clean_context(error.get("ctx"))
        if context:
            item["ctx"] = context
        items.append(item)
    return items


async def _on_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    body = {"detail": exc.detail} if exc.code is None else {"detail": exc.detail, "code": exc.code}
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _on_invalid_input(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    item = {"loc": exc.loc, "msg": exc.message, "type": "value_error"}
    return JSONResponse({"detail": [item]}, status_code=422)


async def _on_request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": _validation_items(exc.errors())}, status_code=422)


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.__cause__ is not None:  # FastAPI could not parse the body
        message = (
            "the body is not UTF-8 JSON"
            if isinstance(exc.__cause__, UnicodeDecodeError)
            else "the body could not be parsed as JSON: it is nested too deeply or holds a "
            "number too long"
        )
        item = {"loc": ["body"], "msg": message, "type": "json_invalid"}
        return JSONResponse({"detail": [item]}, status_code=422)
    return JSONResponse(
        {"detail": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
    )


async def _on_anything_else(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse(
        {"detail": "internal error; it has been logged. Please report what you sent."},
        status_code=500,
    )


def install_error_handlers(application: FastAPI) -> None:
    """Answer every error as JSON; the last resort logs the traceback."""
    application.add_exception_handler(ApiError, _on_api_error)
    application.add_exception_handler(InvalidInput, _on_invalid_input)
    application.add_exception_handler(RequestValidationError, _on_request_validation)
    application.add_exception_handler(StarletteHTTPException, _on_http_exception)
    application.add_exception_handler(Exception, _on_anything_else)
