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

from app.core.methods import allowed_methods
from app.schemas.data import POINT_FORMS

__all__ = [
    "CODES",
    "ApiError",
    "ClientSessionLimit",
    "ClientStreamLimit",
    "ClientSweepLimit",
    "ClientSweepRate",
    "Conflict",
    "ErrorMessage",
    "InvalidInput",
    "ServerSweepLimit",
    "SessionNotFound",
    "SweepNotFound",
    "TooManySessions",
    "TooManyStreams",
    "TooManyViewers",
    "UnsupportedMediaType",
    "error_body",
    "install_error_handlers",
]

logger = logging.getLogger("app.errors")


CODES: dict[str, str] = {
    "validation_error": "422: the request breaks the schema or the engine refused a value; "
    "`detail` lists each problem with `loc`, `msg` and `type`",
    "bad_request": "400: a request the server cannot read",
    "host_not_allowed": "400: the `Host` header names a host the server does not answer to "
    "(NN_PLAYGROUND_ALLOWED_HOSTS)",
    "cross_origin_request": "403: a POST, PUT, PATCH or DELETE sent by another site's page "
    "(NN_PLAYGROUND_ALLOWED_ORIGINS)",
    "cross_site_request": "403: a POST, PUT, PATCH or DELETE the browser marks as cross-site, "
    "with no `Origin`",
    "not_found": "404: no route at this path",
    "session_not_found": "404: no session with this id (never existed, deleted or expired)",
    "share_not_found": "404: no share link with this id (never existed, deleted or expired)",
    "share_forbidden": "403: deleting a share link needs its delete token (`X-Delete-Token`) "
    "or the id of the session that made it (`X-Session-Id`)",
    "method_not_allowed": "405: the path does not serve this method; `Allow` lists those it does",
    "conflict": "409: the session cannot do this now (e.g. play a diverged or early-stopped run)",
    "body_too_large": "413: the body is larger than `max_body_bytes`",
    "unsupported_media_type": "415: the Content-Type is not one the route reads",
    "client_session_limit": "429: this client address already has its maximum of sessions in "
    "use (NN_PLAYGROUND_MAX_SESSIONS_PER_CLIENT); see Retry-After",
    "client_stream_limit": "429: this client address already has its maximum of open streams "
    "(NN_PLAYGROUND_MAX_STREAMS_PER_CLIENT)",
    "client_share_limit": "429: this client address has made its maximum of share links this "
    "hour (NN_PLAYGROUND_SHARES_PER_CLIENT_HOUR); see Retry-After",
    "too_many_viewers": "429: the session has its maximum of stream viewers; see Retry-After",
    "too_many_sessions": "503: the server holds its maximum of live sessions; see Retry-After",
    "too_many_streams": "503: the server serves its maximum of streams; see Retry-After",
    "sweep_not_found": "404: no sweep with this id (never existed, expired after "
    "NN_PLAYGROUND_SWEEP_TTL, or deleted past NN_PLAYGROUND_MAX_STORED_SWEEPS)",
    "sweep_too_large": "422: the sweep has more runs or training examples than one sweep may "
    "(NN_PLAYGROUND_MAX_SWEEP_RUNS, NN_PLAYGROUND_MAX_SWEEP_EXAMPLES)",
    "client_sweep_limit": "429: this client address already has its maximum of sweeps queued "
    "or running (NN_PLAYGROUND_MAX_SWEEPS_PER_CLIENT); see Retry-After",
    "client_sweep_rate": "429: this client address has started its maximum of sweeps this "
    "hour (NN_PLAYGROUND_SWEEPS_PER_CLIENT_HOUR), however many are still queued or running; "
    "see Retry-After",
    "server_sweep_limit": "429: the server already has its maximum of sweeps queued or running "
    "(NN_PLAYGROUND_MAX_SWEEPS); see Retry-After",
    "shutting_down": "503: the server is shutting down; see Retry-After",
    "internal_error": "500: a bug; it has been logged",
    "http_error": "other: any other status the web framework answers by itself",
}
"""Every machine-readable `code` an error answer carries, with its status and meaning. A new kind
of error adds its code here (an `ApiError` subclass with an unlisted code fails at import), and a
line to the table in docs/api.md (a test compares the two)."""

_STATUS_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    422: "validation_error",
}
"""The code of an error the web framework raised itself, by status."""


def error_body(detail: str | list[dict[str, Any]], code: str) -> dict[str, Any]:
    """The JSON of every error answer: `detail` for people, `code` for programs."""
    if code not in CODES:
        raise ValueError(f"unknown error code {code!r}; add it to app.core.errors.CODES")
    return {"detail": detail, "code": code}


class ErrorMessage(BaseModel):
    """An error in one sentence, and its stable code."""

    detail: str = Field(
        description="What went wrong and how to fix it.",
        examples=["no session 'abc'; create one with POST /api/sessions"],
    )
    code: str = Field(
        description="What kind of error, for programs; stable across releases (docs/api.md).",
        examples=["session_not_found"],
        json_schema_extra={"enum": list(CODES)},
    )


class ApiError(Exception):
    """An error with its HTTP status and code; `detail` is shown to the client as is.

    A subclass sets `status_code` and a `code` listed in CODES."""

    status_code = 400
    code = "bad_request"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.code not in CODES:
            raise TypeError(f"{cls.__name__}.code {cls.code!r} is not listed in CODES")
        if not CODES[cls.code].startswith(f"{cls.status_code}:"):
            raise TypeError(
                f"{cls.__name__} answers {cls.status_code} but its code {cls.code!r} is listed "
                f"for another status; give it a code of its own in CODES"
            )

    def __init__(self, detail: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = dict(headers or {})


class SessionNotFound(ApiError):
    status_code = 404
    code = "session_not_found"

    def __init__(self, session_id: str, ttl: float) -> None:
        shown = session_id if len(session_id) <= 64 else session_id[:61] + "..."
        super().__init__(
            f"no session '{shown}': it never existed, was deleted, or expired after "
            f"{ttl:g} s idle; create one with POST /api/sessions"
        )


class TooManySessions(ApiError):
    status_code = 503
    code = "too_many_sessions"

    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(
            f"the server already holds its maximum of {limit} live sessions; try again in "
            f"{retry_after} s or DELETE a session you no longer need",
            headers={"Retry-After": str(retry_after)},
        )


class TooManyViewers(ApiError):
    status_code = 429
    code = "too_many_viewers"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"this session already has its maximum of {limit} stream viewers; "
            "close one of them first",
            headers={"Retry-After": "5"},
        )


class TooManyStreams(ApiError):
    status_code = 503
    code = "too_many_streams"

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


class SweepNotFound(ApiError):
    status_code = 404
    code = "sweep_not_found"

    def __init__(self, sweep_id: str, ttl: float) -> None:
        shown = sweep_id if len(sweep_id) <= 64 else sweep_id[:61] + "..."
        super().__init__(
            f"no sweep '{shown}': it never existed, ended more than {ttl:g} s ago, or was "
            "among the oldest past the sweeps this server keeps; start one with POST /api/sweeps"
        )


class ClientSweepLimit(ApiError):
    status_code = 429
    code = "client_sweep_limit"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"your address already has {limit} sweeps queued or running, the most one client "
            "may have (NN_PLAYGROUND_MAX_SWEEPS_PER_CLIENT); wait for one to end or DELETE it",
            headers={"Retry-After": "10"},
        )


class ClientSweepRate(ApiError):
    status_code = 429
    code = "client_sweep_rate"

    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(
            f"your address has started {limit} sweeps this hour, the most one client may "
            f"(NN_PLAYGROUND_SWEEPS_PER_CLIENT_HOUR); try again in {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )


class ServerSweepLimit(ApiError):
    status_code = 429
    code = "server_sweep_limit"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the server already has {limit} sweeps queued or running, its maximum "
            "(NN_PLAYGROUND_MAX_SWEEPS); try again when one has ended",
            headers={"Retry-After": "10"},
        )


class Conflict(ApiError):
    status_code = 409
    code = "conflict"


class UnsupportedMediaType(ApiError):
    status_code = 415
    code = "unsupported_media_type"

    def __init__(self, got: str, allowed: Sequence[str]) -> None:
        super().__init__(f"unsupported Content-Type '{got}': send one of {', '.join(allowed)}")


class InvalidInput(Exception):
    """Input the schema allowed but the engine refused; answered as 422 in the pydantic shape,
    with `code` validation_error (or another 422 code of CODES, e.g. sweep_too_large)."""

    def __init__(
        self,
        message: str,
        loc: Sequence[str | int] = ("body",),
        code: str = "validation_error",
    ) -> None:
        super().__init__(message)
        if not CODES.get(code, "").startswith("422:"):
            raise ValueError(f"{code!r} is not a 422 code of CODES")
        self.message = message
        self.loc = list(loc)
        self.code = code


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
            "loc": [
                part if isinstance(part, int) else str(part)
                for part in error["loc"]
                if part not in POINT_FORMS  # a point row's form is no place in the body
            ],
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
    body = error_body(exc.detail, exc.code)
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _on_invalid_input(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    item = {"loc": exc.loc, "msg": exc.message, "type": "value_error"}
    return JSONResponse(error_body([item], exc.code), status_code=422)


async def _on_request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    items = _validation_items(exc.errors())
    return JSONResponse(error_body(items, "validation_error"), status_code=422)


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 405:
        headers = {**(exc.headers or {}), "Allow": ", ".join(allowed_methods(request))}
        body = error_body(str(exc.detail), "method_not_allowed")
        return JSONResponse(body, status_code=405, headers=headers)
    if exc.status_code == 400 and exc.__cause__ is not None:  # FastAPI could not parse the body
        message = (
            "the body is not UTF-8 JSON"
            if isinstance(exc.__cause__, UnicodeDecodeError)
            else "the body could not be parsed as JSON: it is nested too deeply or holds a "
            "number too long"
        )
        item = {"loc": ["body"], "msg": message, "type": "json_invalid"}
        return JSONResponse(error_body([item], "validation_error"), status_code=422)
    code = _STATUS_CODES.get(exc.status_code, "http_error")
    body = error_body(str(exc.detail), code)
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _on_anything_else(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    detail = "internal error; it has been logged. Please report what you sent."
    return JSONResponse(error_body(detail, "internal_error"), status_code=500)


def install_error_handlers(application: FastAPI) -> None:
    """Answer every error as JSON; the last resort logs the traceback."""
    application.add_exception_handler(ApiError, _on_api_error)
    application.add_exception_handler(InvalidInput, _on_invalid_input)
    application.add_exception_handler(RequestValidationError, _on_request_validation)
    application.add_exception_handler(StarletteHTTPException, _on_http_exception)
    application.add_exception_handler(Exception, _on_anything_else)
