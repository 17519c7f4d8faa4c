"""Session snapshots: which sessions changed, writing them, bringing one back, expiry and budget.

A session is written when a call on it (a request or a play tick) finished after its last
snapshot began, and only if its export document differs from the one last written. The document
is taken under the session's lock, so it is always a state between two calls.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Collection, Iterable
from functools import partial

import anyio.to_thread

from app.sessions.session import Session
from app.storage.codec import decode, encode
from app.storage.database import Database, StoredSession
from app.storage.storage import Storage
from engine import Run

__all__ = ["Restored", "Snapshots"]

logger = logging.getLogger("app.storage")


class Restored:
    """A run brought back from its row, with the play settings it had."""

    def __init__(self, run: Run, fps: int, steps_per_frame: int, active_at: float) -> None:
        self.run, self.fps, self.steps_per_frame = run, fps, steps_per_frame
        self.active_at = active_at


def _wall_clock(monotonic_moment: float) -> float:
    return time.time() - (time.monotonic() - monotonic_moment)


class Snapshots:
    """Writes and reads session snapshots for one store."""

    def __init__(self, storage: Storage, budget_bytes: int) -> None:
        self.storage = storage
        self.budget_bytes = budget_bytes
        self._began: dict[str, float] = {}
        self._digests: dict[str, bytes] = {}

    def changed(self, session: Session) -> bool:
        return session.last_call >= self._began.get(session.id, -1.0)

    async def save(self, sessions: Iterable[Session], lock_timeout: float | None = None) -> int:
        """Write those that changed; with `lock_timeout`, a session busy longer is skipped
        (logged). Returns how many rows were written."""
        rows = []
        for session in sessions:
            if self.changed(session):
                row = await self._take(session, lock_timeout)
                if row is not None:
                    rows.append(row)
        if not rows:
            return 0
        written = await self.storage.write(lambda db: db.save_sessions(rows))
        for row in rows:
            if written:
                self._digests[row.id] = hashlib.blake2b(row.document, digest_size=16).digest()
            else:
                self._began.pop(row.id, None)  # try again next round
        return len(rows) if written else 0

    async def _take(self, session: Session, lock_timeout: float | None) -> StoredSession | None:
        """The session's row if its document changed since the last write."""
        try:
            await asyncio.wait_for(session.lock.acquire(), lock_timeout)
        except TimeoutError:
            logger.warning("session %s not saved: a call on it did not end in time", session.id)
            return None
        try:
            self._began[session.id] = time.monotonic()
            document = await anyio.to_thread.run_sync(lambda: encode(session.run.to_dict()))
        finally:
            session.lock.release()
        digest = hashlib.blake2b(document, digest_size=16).digest()
        if self._digests.get(session.id) == digest:
            return None
        active_at = _wall_clock(session.last_active)
        return StoredSession(session.id, document, session.fps, session.steps_per_frame, active_at)

    async def load(self, session_id: str) -> Restored | None:
        """The stored run with this id; None if there is none or its row is damaged (logged)."""
        row = await self.storage.run(lambda db: db.load_session(session_id))
        if row is None:
            return None
        try:
            run = await anyio.to_thread.run_sync(partial(_run_from_row, row))
        except (ValueError, TypeError, KeyError) as error:
            logger.error("stored session %s skipped: %s", session_id, error)
            return None
        self._began[session_id] = time.monotonic()
        self._digests[session_id] = hashlib.blake2b(row.document, digest_size=16).digest()
        return Restored(run, row.fps, row.steps_per_frame, row.active_at)

    async def forget(self, session_ids: Collection[str]) -> None:
        """Delete these sessions' rows (deleted or expired)."""
        for session_id in session_ids:
            self._began.pop(session_id, None)
            self._digests.pop(session_id, None)
        if session_ids and self.storage.persistent:
            await self.storage.write(lambda db: db.delete_sessions(session_ids))

    async def expire(self, ttl: float, live: Collection[str]) -> int:
        """Delete stored sessions idle longer than `ttl` that are not in memory."""
        if not self.storage.persistent:
            return 0
        moment = time.time() - ttl
        old = await self.storage.run(lambda db: db.sessions_inactive_since(moment))
        gone = [i for i in old if i not in live]
        await self.forget(gone)
        return len(gone)

    async def over_budget(self, busy: Collection[str]) -> list[str]:
        """Ids to evict, oldest activity first, until the stored bytes fit the budget; sessions
        playing or watched (`busy`) are never chosen."""
        if not self.storage.persistent:
            return []
        rows = await self.storage.run(Database.sessions_oldest_first)
        excess = sum(size for _, size in rows) - self.budget_bytes
        chosen = []
        for session_id, size in rows:
            if excess <= 0:
                break
            if session_id not in busy:
                chosen.append(session_id)
                excess -= size
        return chosen


def _run_from_row(row: StoredSession) -> Run:
    return Run.from_dict(decode(row.document))
