"""Sessions in memory: unguessable ids, a cap on how many live at once, idle ones expire.

With a database file (`app/storage/`), each session is also written there after it changes and
at shutdown, and a request for an id not in memory brings that session back (paused)."""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import time
from collections import Counter
from collections.abc import Callable

from anyio import CapacityLimiter

from app.core.config import Settings
from app.core.errors import ClientSessionLimit, SessionNotFound, TooManySessions
from app.core.limits import DEFAULT_FPS, DEFAULT_STEPS_PER_FRAME
from app.sessions.player import Player
from app.sessions.session import Session
from app.sessions.workers import Workers
from app.storage.shares import Shares
from app.storage.snapshots import Restored, Snapshots
from app.storage.storage import Storage
from engine import Run

__all__ = ["SessionStore"]

logger = logging.getLogger("app.sessions")


class SessionStore:
    """Holds every live session of one app; created with the app, closed at shutdown."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._sessions: dict[str, Session] = {}
        self._reserved = 0
        self._reserved_by: Counter[str] = Counter()
        self._player: Player | None = None
        self.closing = False  # set at shutdown: streams then end with reason "shutdown"
        self._workers: Workers | None = None
        self.storage = Storage(settings.db)
        self.snapshots = Snapshots(self.storage, int(settings.db_max_mb * 1024 * 1024))
        max_age = settings.share_max_age_days * 86400
        self.shares = Shares(self.storage, settings.shares_per_client_hour, max_age)
        self._restoring: dict[str, asyncio.Future[Session | None]] = {}

    @property
    def player(self) -> Player:
        """Created on first use, inside the event loop that runs the play tasks."""
        if self._player is None:
            limiter = CapacityLimiter(self.settings.play_threads)
            self._player = Player(limiter, self.settings.unwatched_play_ttl)
        return self._player

    @property
    def workers(self) -> Workers:
        """The thread pools for REST calls (created on first use, like the player)."""
        if self._workers is None:
            s = self.settings
            self._workers = Workers(s.short_threads, s.heavy_threads, s.heavy_calls_per_client)
        return self._workers

    def __len__(self) -> int:
        return len(self._sessions)

    def stream_count(self) -> int:
        """Open stream connections across every session."""
        return sum(len(session.viewers) for session in self._sessions.values())

    def client_stream_count(self, client: str) -> int:
        """Open stream connections of one client address."""
        return sum(viewer.client == client for s in self._sessions.values() for viewer in s.viewers)

    def in_use_by(self, client: str) -> list[Session]:
        """This client's sessions that count toward its cap (see `Session.in_use`)."""
        now, window = time.monotonic(), self.settings.client_active_window
        return [s for s in self._sessions.values() if s.client == client and s.in_use(window, now)]

    def _check_client(self, client: str) -> None:
        """429 when this client already has its maximum of sessions in use (or being made)."""
        limit = self.settings.max_sessions_per_client
        in_use = self.in_use_by(client)
        if len(in_use) + self._reserved_by[client] < limit:
            return
        now, window = time.monotonic(), self.settings.client_active_window
        waits = [window - (now - s.last_active) for s in in_use if not s.viewers]
        raise ClientSessionLimit(limit, max(1, math.ceil(min(waits, default=window))))

    async def create(self, make_run: Callable[[], Run], client: str) -> Session:
        """Build a run on a long-call thread (in `client`'s turn) and hold it; 503 when the
        server's cap is reached, 429 when this client's is."""
        if len(self._sessions) + self._reserved >= self.settings.max_sessions:
            await self.reap()
        if len(self._sessions) + self._reserved >= self.settings.max_sessions:
            raise TooManySessions(self.settings.max_sessions, self._retry_after())
        self._check_client(client)
        self._reserved += 1
        self._reserved_by[client] += 1
        try:
            run = await self.workers.heavy(make_run, client)
        finally:
            self._reserved -= 1
            self._reserved_by[client] -= 1
            if self._reserved_by[client] <= 0:
                del self._reserved_by[client]
        session = Session(
            id=secrets.token_urlsafe(24),
            run=run,
            fps=DEFAULT_FPS,
            steps_per_frame=DEFAULT_STEPS_PER_FRAME,
            limiter=self.workers.short,
            client=client,
            last_call=time.monotonic(),
        )
        self._sessions[session.id] = session
        return session

    async def find(self, session_id: str) -> Session:
        """Like `get`, but a session not in memory is brought back from the database (paused,
        same id); concurrent requests for it share one load."""
        if session_id in self._sessions or not self.storage.persistent or self.closing:
            return self.get(session_id)
        pending = self._restoring.get(session_id)
        if pending is None:
            pending = asyncio.ensure_future(self._restore(session_id))
            self._restoring[session_id] = pending
            pending.add_done_callback(lambda _: self._restoring.pop(session_id, None))
        await asyncio.shield(pending)
        return self.get(session_id)

    async def _restore(self, session_id: str) -> Session | None:
        if len(self._sessions) >= self.settings.max_sessions:
            await self.reap()
        if len(self._sessions) >= self.settings.max_sessions:
            raise TooManySessions(self.settings.max_sessions, self._retry_after())
        restored = await self.snapshots.load(session_id)
        if restored is None or session_id in self._sessions or self.closing:
            return self._sessions.get(session_id)
        session = self._revive(session_id, restored)
        self._sessions[session_id] = session
        logger.info("session %s restored at step %d", session_id[:6], restored.run.trainer.step)
        return session

    def _revive(self, session_id: str, restored: Restored) -> Session:
        idle_for = max(0.0, time.time() - restored.active_at)
        return Session(
            id=session_id,
            run=restored.run,
            fps=restored.fps,
            steps_per_frame=restored.steps_per_frame,
            limiter=self.workers.short,
            last_active=time.monotonic() - idle_for,
        )

    def get(self, session_id: str) -> Session:
        """The session with this id, marked active; 404 if there is none."""
        session = self._sessions.get(session_id)
        if session is None:
            raise SessionNotFound(session_id, self.settings.session_ttl)
        session.touch()
        return session

    async def delete(self, session_id: str) -> None:
        """Stop its loop, end its streams and forget it; 404 if there is none."""
        session = self.get(session_id)
        await self._drop(session)
        await self.snapshots.forget([session.id])

    async def _drop(self, session: Session) -> None:
        self._sessions.pop(session.id, None)
        session.closed = True
        await self.player.pause(session)
        session.close_viewers()

    def _retry_after(self) -> int:
        now = time.monotonic()
        waits = [
            self.settings.session_ttl - (now - s.last_active)
            for s in self._sessions.values()
            if not s.playing and not s.viewers
        ]
        return max(1, math.ceil(min(waits, default=self.settings.session_ttl)))

    async def reap(self) -> int:
        """Forget sessions idle longer than the TTL; returns how many went."""
        now = time.monotonic()
        idle = [s for s in self._sessions.values() if s.is_idle(self.settings.session_ttl, now)]
        for session in idle:
            await self._drop(session)
        await self.snapshots.forget([s.id for s in idle])
        stored = await self.snapshots.expire(self.settings.session_ttl, set(self._sessions))
        await self.shares.expire()
        if idle or stored:
            logger.info("expired %d idle session(s)", len(idle) + stored)
        return len(idle)

    async def reap_forever(self) -> None:
        """The background sweep started by the app's lifespan."""
        while True:
            await asyncio.sleep(self.settings.reap_interval)
            await self.reap()

    async def save_changed(self) -> None:
        """Write the sessions that changed, then keep the stored ones within the budget."""
        if not self.storage.persistent:
            return
        await self.snapshots.save(list(self._sessions.values()))
        busy = {s.id for s in self._sessions.values() if s.playing or s.viewers}
        evicted = await self.snapshots.over_budget(busy)
        for session_id in evicted:
            session = self._sessions.get(session_id)
            if session is not None:
                await self._drop(session)
        if evicted:
            await self.snapshots.forget(evicted)
            logger.info("database over its budget: deleted %d idle session(s)", len(evicted))

    async def save_forever(self) -> None:
        """The background snapshot round started by the app's lifespan."""
        while True:
            await asyncio.sleep(self.settings.snapshot_seconds)
            try:
                await self.save_changed()
            except Exception:
                logger.exception("snapshot round failed")

    async def close(self, lock_timeout: float = 2.5) -> None:
        """Stop every play loop, end every stream and write every changed session (at
        shutdown; a session whose call outlasts `lock_timeout` keeps its last snapshot); calling
        it again is harmless."""
        self.closing = True
        sessions = list(self._sessions.values())
        for session in sessions:
            await self._drop(session)
        if self._player is not None:
            await self._player.close()
        if self.storage.persistent and sessions:
            written = await self.snapshots.save(sessions, lock_timeout)
            logger.info("saved %d session(s) at shutdown", written)
        self.storage.close()
