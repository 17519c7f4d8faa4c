"""Slow clients are dropped: a deadline on each request's head, and a cap on open connections.

uvicorn's h11 protocol has a keep-alive timeout between requests but none while a request's first
line and headers arrive, so a client trickling header lines holds its connection (a file
descriptor) forever; thousands of them exhaust the process's descriptors. This subclass gives every
request `request_timeout` seconds, counted from when the server starts waiting for it (connection
made or previous response sent), to finish its head; then it closes the connection. Past
`max_connections` open connections, a new one closes the connection that has waited longest for
its head, or is itself closed if every connection is busy: so /health and the page still get in.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["DeadlineH11Protocol"]


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request-head deadline and a connection cap (see module)."""

    request_timeout = 10.0
    max_connections = 1000
    _deadline: asyncio.TimerHandle | None = None

    @classmethod
    def configured(cls, request_timeout: float, max_connections: int) -> type[DeadlineH11Protocol]:
        """This protocol with these limits, as a class for `uvicorn.Config(http=...)`."""
        limits = {"request_timeout": request_timeout, "max_connections": max_connections}
        return type("DeadlineH11Protocol", (cls,), limits)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self._make_room()
        self._watch_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        self._watch_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch_deadline()

    def _waiting_for_head(self) -> bool:
        return self.conn.their_state is h11.IDLE and not self.transport.is_closing()

    def _watch_deadline(self) -> None:
        """Armed while the next request's head is awaited (never re-armed by trickling bytes)."""
        if not self._waiting_for_head():
            self._cancel_deadline()
        elif self._deadline is None:
            self._deadline = self.loop.call_later(self.request_timeout, self._expire)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self._waiting_for_head():
            self.transport.close()

    def _make_room(self) -> None:
        """Close the connection waiting longest for its request head, or this new one."""
        waiting = [
            other
            for other in self.connections
            if isinstance(other, DeadlineH11Protocol) and other._deadline is not None
        ]
        if waiting:
            oldest = min(waiting, key=lambda other: other._deadline.when())  # type: ignore[union-attr]
            oldest._cancel_deadline()
            oldest.transport.close()
        else:
            self.transport.close()
