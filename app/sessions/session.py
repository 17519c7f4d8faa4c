"""One training session: its engine run, the lock that serialises work on it, its viewers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from app.core.errors import InvalidInput
from engine import Run

__all__ = ["Session", "View", "Viewer"]

T = TypeVar("T")


class View(NamedTuple):
    """What one stream viewer asked to see; viewers with equal views share each frame's bytes."""

    resolution: int
    neurons: bool
    neuron_resolution: int
    weights: bool


@dataclass(eq=False)
class Viewer:
    """One open stream: a bounded queue of encoded frames (None ends the stream)."""

    view: View
    queue: asyncio.Queue[bytes | None]
    client: str = ""

    def offer(self, frame: bytes | None) -> None:
        """Queue a frame; a viewer that lags loses its oldest frame instead of growing memory."""
        while self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(frame)


@dataclass(eq=False)
class Session:
    """A run held in memory. All engine work on it goes through `call`, one call at a time."""

    id: str
    run: Run
    fps: int
    steps_per_frame: int
    playing: bool = False
    play_task: asyncio.Task[None] | None = None
    viewers: set[Viewer] = field(default_factory=set)
    last_active: float = field(default_factory=time.monotonic)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    closed: bool = False
    pending_broadcast: asyncio.Task[None] | None = None
    stale: bool = False
    limiter: CapacityLimiter | None = None
    client: str = ""
    """The address that created it (per-client caps count its sessions)."""
    """The threads `call` uses unless told otherwise (the store's pool for short calls)."""
    last_call: float = 0.0
    """When a call on it last ended (monotonic): a snapshot taken before then is out of date."""

    def touch(self) -> None:
        """Note activity: an idle session is one nobody has touched for the TTL."""
        self.last_active = time.monotonic()

    def is_idle(self, ttl: float, now: float) -> bool:
        return not self.playing and not self.viewers and now - self.last_active > ttl

    def in_use(self, window: float, now: float) -> bool:
        """Watched, or called within `window` seconds: what a closed tab leaves behind is not."""
        return bool(self.viewers) or now - self.last_active <= window

    async def call(self, work: Callable[[], T], limiter: CapacityLimiter | None = None) -> T:
        """Run `work` in a worker thread while holding this session's lock.

        Work on one session is serialised; different sessions run in parallel; the event loop never
        waits on NumPy. A ValueError from the engine becomes a 422 naming the problem.
        """
        async with self.lock:
            try:
                return await anyio.to_thread.run_sync(work, limiter=limiter or self.limiter)
            except ValueError as error:
                raise InvalidInput(str(error)) from None
            finally:
                self.last_call = time.monotonic()

    def views(self) -> set[View]:
        return {viewer.view for viewer in self.viewers}

    def publish(self, frames: dict[View, bytes]) -> None:
        """Hand each viewer the frame built for its view."""
        for viewer in list(self.viewers):
            frame = frames.get(viewer.view)
            if frame is not None:
                viewer.offer(frame)

    def close_viewers(self) -> None:
        """End every open stream of this session (it is being deleted)."""
        for viewer in list(self.viewers):
            viewer.offer(None)
        self.viewers.clear()
