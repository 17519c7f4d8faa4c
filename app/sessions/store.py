"""Sessions in memory: unguessable ids, a cap on how many live at once, idle ones expire."""

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
        )
        self._sessions[session.id] = session
        return session

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
        if idle:
            logger.info("expired %d idle session(s)", len(idle))
        return len(idle)

    async def reap_forever(self) -> None:
        """The background sweep started by the app's lifespan."""
        while True:
            await asyncio.sleep(self.settings.reap_interval)
            await self.reap()

    async def close(self) -> None:
        """Stop every play loop and end every stream (at shutdown); calling it again is harmless."""
        self.closing = True
        for session in list(self._sessions.values()):
            await self._drop(session)
        if self._player is not None:
            await self._player.close()
