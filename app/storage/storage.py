"""The database as the server uses it: one writer thread, and memory when the disk fails.

Every statement runs in one worker thread at a time (a capacity limiter of one), never on the event
loop. A file that cannot be reached or written leaves the server `degraded`: it keeps serving from
memory, `/health` says why, and the next snapshot round tries the file again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from app.storage.database import Database, DatabaseRefused

__all__ = ["MEMORY_NAMES", "Storage"]

T = TypeVar("T")
MEMORY_NAMES = ("", ":memory:", "off")
"""NN_PLAYGROUND_DB values that keep every session in memory only (as before saved runs)."""

logger = logging.getLogger("app.storage")


class Storage:
    """The database of one app: a file (`persistent`) or memory (shares only)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.persistent = path not in MEMORY_NAMES
        self.degraded: str | None = None
        self._database: Database | None = None
        self._limiter: CapacityLimiter | None = None

    def open(self) -> None:
        """Open the file (or memory). DatabaseRefused propagates: the server must not start.
        A file that cannot be reached or written leaves the server degraded, on memory."""
        if self._database is not None:
            return
        if not self.persistent:
            self._database = Database(":memory:")
            return
        try:
            self._database = Database(self.path)
        except (OSError, sqlite3.OperationalError) as error:
            self._fall_back(f"cannot open {self.path}: {error}")

    def _fall_back(self, reason: str) -> None:
        if self.degraded != reason:
            logger.warning("saved runs degraded, serving from memory: %s", reason)
        self.degraded = reason
        if self._database is None:
            self._database = Database(":memory:")

    @property
    def limiter(self) -> CapacityLimiter:
        if self._limiter is None:
            self._limiter = CapacityLimiter(1)
        return self._limiter

    async def run(self, work: Callable[[Database], T]) -> T:
        """Run `work(database)` in the storage thread."""
        self.open()
        database = self._database
        assert database is not None
        return await anyio.to_thread.run_sync(work, database, limiter=self.limiter)

    async def write(self, work: Callable[[Database], None]) -> bool:
        """Run a write; on a disk error note `degraded` and return False (memory still serves)."""
        await self.retry()
        try:
            await self.run(work)
        except (OSError, sqlite3.OperationalError) as error:
            self._fall_back(f"cannot write {self.path}: {error}")
            return False
        if self.degraded and self._database is not None and self._database.path == self.path:
            logger.info("saved runs: writing to %s again", self.path)
            self.degraded = None
        return True

    async def retry(self) -> None:
        """While degraded because the file never opened, try it again."""
        if self.degraded is None or self._database is None or self._database.path == self.path:
            return
        try:
            database = await anyio.to_thread.run_sync(Database, self.path, limiter=self.limiter)
        except (OSError, sqlite3.OperationalError, DatabaseRefused):
            return
        old, self._database = self._database, database
        old.close()

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None
