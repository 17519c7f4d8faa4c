"""The server-side training loop: one asyncio task per playing session, paced to its fps.

Each tick trains `steps_per_frame` steps and builds the frames its viewers asked for, in a worker
thread under the session lock; then it hands each viewer its frame and sleeps to hold the fps.
"""

from __future__ import annotations

import asyncio
import logging
import time
from functools import partial

from anyio import CapacityLimiter

from app.core.errors import Conflict
from app.sessions.reports import build_frames, divergence_message
from app.sessions.session import Session, View

__all__ = ["Player"]

logger = logging.getLogger("app.player")


def _tick(session: Session, views: set[View]) -> dict[View, bytes]:
    """Train one frame's steps (a no-op once the run cannot go on), then build the frames."""
    session.run.train(steps=session.steps_per_frame)
    if session.run.status != "idle":
        session.playing = False
    return build_frames(session, views)


class Player:
    """Starts, paces and stops play loops; pushes a fresh frame to viewers after other changes."""

    def __init__(self, limiter: CapacityLimiter, unwatched_play_ttl: float) -> None:
        self.limiter = limiter
        self.unwatched_play_ttl = unwatched_play_ttl
        self._broadcasts: set[asyncio.Task[None]] = set()

    async def play(self, session: Session, fps: int, steps_per_frame: int) -> None:
        """Start (or re-pace) the loop; a run that cannot train any more is a 409."""
        current = await session.call(session.run.metrics)
        if current["status"] != "idle":
            advice = divergence_message(session, current)
            raise Conflict(f"cannot play: {advice.text if advice else current['status']}")
        session.fps, session.steps_per_frame = fps, steps_per_frame
        session.playing = True
        session.touch()
        if session.play_task is None or session.play_task.done():
            session.play_task = asyncio.create_task(self._loop(session), name=f"play {session.id}")

    async def pause(self, session: Session) -> None:
        """Stop the loop; when this returns no further tick runs. Viewers get a paused frame."""
        session.playing = False
        task = session.play_task
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            await asyncio.wait([task])
        session.play_task = None
        self.broadcast(session)

    def broadcast(self, session: Session) -> None:
        """Send viewers a frame of the current state soon (coalesced; the caller does not wait)."""
        if not session.viewers or session.playing or session.closed:
            return
        session.stale = True
        pending = session.pending_broadcast
        if pending is not None and not pending.done():
            return
        task = asyncio.create_task(self._broadcast(session))
        session.pending_broadcast = task
        self._broadcasts.add(task)
        task.add_done_callback(self._broadcasts.discard)

    async def _broadcast(self, session: Session) -> None:
        # A change that lands while a frame is being built marks the session stale again.
        while session.stale and session.viewers and not session.closed and not session.playing:
            session.stale = False
            views = session.views()
            frames = await session.call(partial(build_frames, session, views), self.limiter)
            session.publish(frames)

    def _unwatched_too_long(self, session: Session) -> bool:
        if self.unwatched_play_ttl <= 0 or session.viewers:
            return False
        return time.monotonic() - session.last_active > self.unwatched_play_ttl

    async def _loop(self, session: Session) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time()
        try:
            while session.playing and not session.closed:
                if self._unwatched_too_long(session):
                    logger.info("pausing session %s: nobody watched it", session.id[:6])
                    session.playing = False
                    break
                views = session.views()
                frames = await session.call(partial(_tick, session, views), self.limiter)
                session.publish(frames)
                deadline += 1.0 / session.fps
                delay = deadline - loop.time()
                if delay < 0:
                    deadline, delay = loop.time(), 0.0
                await asyncio.sleep(delay)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("play loop of session %s stopped", session.id[:6])
            session.playing = False
        finally:
            session.touch()
            if session.play_task is asyncio.current_task():
                session.play_task = None

    async def close(self) -> None:
        """Wait for pending broadcasts (at shutdown)."""
        for task in list(self._broadcasts):
            task.cancel()
        if self._broadcasts:
            await asyncio.wait(list(self._broadcasts))
