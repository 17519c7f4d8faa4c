"""The error answers each kind of route documents in OpenAPI."""

from __future__ import annotations

from typing import Any

from app.core.errors import ErrorMessage

__all__ = [
    "BODY",
    "CLIENT_LIMIT",
    "CONFLICT",
    "FULL",
    "NOT_FOUND",
    "TOO_MANY_VIEWERS",
    "UNSUPPORTED",
]

_Responses = dict[int | str, dict[str, Any]]

NOT_FOUND: _Responses = {
    404: {"model": ErrorMessage, "description": "No session with this id (or it expired)."}
}
BODY: _Responses = {
    413: {"model": ErrorMessage, "description": "The request body is larger than the limit."}
}
FULL: _Responses = {
    503: {
        "model": ErrorMessage,
        "description": "The server holds its maximum of live sessions (or of streams); "
        "see Retry-After.",
    }
}
CONFLICT: _Responses = {
    409: {"model": ErrorMessage, "description": "The run cannot train on (diverged / stopped)."}
}
UNSUPPORTED: _Responses = {
    415: {"model": ErrorMessage, "description": "The Content-Type is not one of those listed."}
}
TOO_MANY_VIEWERS: _Responses = {
    429: {
        "model": ErrorMessage,
        "description": "The session has its maximum of viewers, or this client address its "
        "maximum of streams (`code`: `client_stream_limit`).",
    }
}
CLIENT_LIMIT: _Responses = {
    429: {
        "model": ErrorMessage,
        "description": "This client address has its maximum of sessions in use (`code`: "
        "`client_session_limit`); see Retry-After.",
    }
}
