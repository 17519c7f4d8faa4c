"""Worker threads for engine calls: one pool for short calls, another for long ones.

Long calls (many training steps, creating or importing a run, a large boundary) take seconds;
short ones (reads, predictions, traces, edits) take milliseconds. With one pool, a crowd of long
calls holds every thread and a GET waits minutes. Here the short calls have their own threads,
and the long ones take turns by client: one client holds at most `per_client` long-call places,
and a freed place goes to the waiting client holding the fewest.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from app.core.errors import InvalidInput
from app.sessions.session import Session

__all__ = ["QUICK_EXAMPLES", "QUICK_RESOLUTION", "QUICK_STEPS", "FairShare", "Workers"]

T = TypeVar("T")

QUICK_STEPS = 100
"""A step call of more steps than this is a long call."""
QUICK_EXAMPLES = 20_000
"""... and so is one going through more examples than this (steps x batch size)."""
QUICK_RESOLUTION = 100
"""A boundary finer than this is a long call."""


class FairShare:
    """`places` places shared between clients (named by a key): a client holds at most
    `per_client` of them; when one frees up, the waiting client holding the fewest gets it
    (clients holding as many take turns). A client's own calls keep their order."""

    def __init__(self, places: int, per_client: int) -> None:
        self.places = places
        self.per_client = max(1, min(per_client, places))
        self.held: Counter[str] = Counter()
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}

    @property
    def in_use(self) -> int:
        return sum(self.held.values())

    def waiting(self, client: str) -> int:
        """Calls of this client waiting for a place."""
        return len(self._waiting.get(client, ()))

    @contextlib.asynccontextmanager
    async def place(self, client: str) -> AsyncIterator[None]:
        """Hold one place for the duration of the block, waiting for one if need be."""
        await self._acquire(client)
        try:
            yield
        finally:
            self._release(client)

    async def _acquire(self, client: str) -> None:
        if client not in self._waiting and self._may_take(client):
            self.held[client] += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._release(client)  # the place came just as the caller gave up
            else:
                self._forget(client, waiter)
            raise

    def _may_take(self, client: str) -> bool:
        return self.in_use < self.places and self.held[client] < self.per_client

    def _forget(self, client: str, waiter: asyncio.Future[None]) -> None:
        queue = self._waiting.get(client)
        if queue is not None and waiter in queue:
            queue.remove(waiter)
            if not queue:
                del self._waiting[client]

    def _release(self, client: str) -> None:
        self.held[client] -= 1
        if self.held[client] <= 0:
            del self.held[client]
        self._hand_over()

    def _hand_over(self) -> None:
        """Give free places to waiting clients, fewest held first, then longest queued."""
        while self.in_use < self.places:
            ready = [c for c in self._waiting if self.held[c] < self.per_client]
            if not ready:
                return
            client = min(ready, key=lambda c: self.held[c])  # dict order: first come first
            queue = self._waiting.pop(client)
            waiter = queue.popleft()
            if queue:
                self._waiting[client] = queue  # back of the line for its next call
            if not waiter.done():
                self.held[client] += 1
                waiter.set_result(None)


class Workers:
    """The thread pools of one app: `short` for short calls, and long calls shared fairly."""

    def __init__(self, short_threads: int, heavy_threads: int, heavy_per_client: int) -> None:
        self.short = CapacityLimiter(short_threads)
        self._heavy = CapacityLimiter(heavy_threads)
        self.share = FairShare(heavy_threads, heavy_per_client)

    async def heavy_call(self, session: Session, work: Callable[[], T], client: str) -> T:
        """`session.call(work)` on a long-call thread, once this client's turn has come."""
        async with self.share.place(client):
            return await session.call(work, self._heavy)

    async def heavy(self, work: Callable[[], T], client: str) -> T:
        """`work` (no session yet: creating one) on a long-call thread, in this client's turn;
        an engine ValueError becomes a 422."""
        async with self.share.place(client):
            try:
                return await anyio.to_thread.run_sync(work, limiter=self._heavy)
            except ValueError as error:
                raise InvalidInput(str(error)) from None
