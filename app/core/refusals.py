"""A JSON refusal sent straight from ASGI middleware, before the request reaches a route."""

from __future__ import annotations

import json

from starlette.types import Send

from app.core.errors import error_body

__all__ = ["send_refusal"]


async def send_refusal(send: Send, status: int, code: str, detail: str) -> None:
    """Answer `{"detail": ..., "code": ...}` with `status`; `code` is stable, `detail` explains."""
    body = json.dumps(error_body(detail, code)).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
