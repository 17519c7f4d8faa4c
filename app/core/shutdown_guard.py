"""At shutdown, every request gets an answer: its own if it comes within a grace, else a JSON 503.

A training call runs in a worker thread that cannot be interrupted, and uvicorn, left alone, cancels
such a request after its graceful timeout and answers a plain-text 500 with a traceback in the log.
This ASGI wrapper answers instead: once `drain()` is called, a request that has not started its
response within `grace` seconds gets `503 {"detail": ..., "code": "shutting_down"}`; its own answer,
if it ever comes, is dropped. Requests arriving after `drain()` get the 503 at once.
"""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import error_body

__all__ = ["SHUTTING_DOWN", "ShutdownGuard"]

SHUTTING_DOWN = error_body("the server is shutting down; try again in a moment", "shutting_down")


class ShutdownGuard:
    """Wraps an ASGI app; `abandoned` holds requests answered with a 503 whose work still runs."""

    def __init__(self, app: ASGIApp, grace: float) -> None:
        self.app = app
        self.grace = grace
        self.abandoned: set[asyncio.Future[None]] = set()
        self._draining: asyncio.Event | None = None

    @property
    def draining(self) -> asyncio.Event:
        """Created on first use, inside the server's event loop."""
        if self._draining is None:
            self._draining = asyncio.Event()
        return self._draining

    def drain(self) -> None:
        """From now on, unanswered requests get the 503 once their grace is over."""
        self.draining.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif self.draining.is_set():
            await _send_shutting_down(send)
        else:
            await self._guarded(scope, receive, send)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = replaced = False

        async def send_unless_replaced(message: Message) -> None:
            nonlocal started
            if replaced:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        work = asyncio.ensure_future(self.app(scope, receive, send_unless_replaced))
        draining = asyncio.ensure_future(self.draining.wait())
        try:
            await asyncio.wait({work, draining}, return_when=asyncio.FIRST_COMPLETED)
            if not work.done():
                await asyncio.wait({work}, timeout=self.grace)
            if work.done() or started:
                await work
                return
            replaced = True
            self.abandoned.add(work)
            work.add_done_callback(self._forget)
            await _send_shutting_down(send)
        except asyncio.CancelledError:
            work.cancel()
            raise
        finally:
            draining.cancel()

    def _forget(self, work: asyncio.Future[None]) -> None:
        """An abandoned request finished: its outcome was already answered for."""
        self.abandoned.discard(work)
        if not work.cancelled():
            work.exception()


async def _send_shutting_down(send: Send) -> None:
    body = json.dumps(SHUTTING_DOWN).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", b"5"),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})
