"""The embedded SQLite file: its schema and migrations, and every statement the server runs on it.

SQLite through the standard library: no dependency, one file, WAL for writes that never block
readers. The connection is opened in exclusive locking mode and takes the write lock at once, so a
second server pointed at the same file is refused instead of interleaving its writes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "SCHEMA_VERSION",
    "Database",
    "DatabaseRefused",
    "ShareRow",
    "StoredSession",
    "SweepRow",
]

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE sessions (id TEXT PRIMARY KEY, document BLOB NOT NULL, "
        "fps INTEGER NOT NULL, steps_per_frame INTEGER NOT NULL, "
        "active_at REAL NOT NULL, size INTEGER NOT NULL)",
        "CREATE INDEX sessions_by_age ON sessions (active_at)",
        "CREATE TABLE shares (id TEXT PRIMARY KEY, document BLOB NOT NULL, "
        "created_at REAL NOT NULL, session_id TEXT NOT NULL, token_hash TEXT NOT NULL)",
        "CREATE INDEX shares_by_age ON shares (created_at)",
    ),
    (
        "CREATE TABLE sweeps (id TEXT PRIMARY KEY, client TEXT NOT NULL, body TEXT NOT NULL, "
        "status TEXT NOT NULL, error TEXT, results BLOB NOT NULL, created_at REAL NOT NULL, "
        "updated_at REAL NOT NULL)",
        "CREATE INDEX sweeps_by_age ON sweeps (updated_at)",
    ),
)
"""Migration n (from version n to n + 1) is MIGRATIONS[n]; append, never edit."""
SCHEMA_VERSION = len(MIGRATIONS)


class DatabaseRefused(Exception):
    """The file exists but this server must not use it; the message names the file."""


@dataclass(frozen=True)
class StoredSession:
    """A session's row: its compressed export document and play settings."""

    id: str
    document: bytes
    fps: int
    steps_per_frame: int
    active_at: float


@dataclass(frozen=True)
class ShareRow:
    """A share's row: the compressed export document and who may delete it."""

    id: str
    document: bytes
    created_at: float
    session_id: str
    token_hash: str


@dataclass(frozen=True)
class SweepRow:
    """A sweep's row: the body it was started with, where it got to and its runs (compressed)."""

    id: str
    client: str
    body: str
    status: str
    error: str | None
    results: bytes
    created_at: float
    updated_at: float


class Database:
    """One connection to the file (or to memory), used by one thread at a time."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._connection = _connect(path)
        try:
            self._migrate()
        except BaseException:
            self._connection.close()
            raise

    def _migrate(self) -> None:
        """Bring the schema up to SCHEMA_VERSION (`_connect` refused newer files already)."""
        db = self._connection
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        version = _stored_version(db)
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step]:
                db.execute(statement)
        db.execute("DELETE FROM schema_version")
        db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        db.commit()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def _write(self, statements: Iterable[tuple[str, tuple[object, ...]]]) -> None:
        with self._lock:
            try:
                for sql, parameters in statements:
                    self._connection.execute(sql, parameters)
                self._connection.commit()
            except BaseException:
                self._connection.rollback()
                raise

    def _read(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._connection.execute(sql, parameters).fetchall())

    # sessions

    def save_sessions(self, rows: Iterable[StoredSession]) -> None:
        """Insert or replace these snapshots in one transaction."""
        sql = "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?, ?)"
        self._write(
            (sql, (r.id, r.document, r.fps, r.steps_per_frame, r.active_at, len(r.document)))
            for r in rows
        )

    def load_session(self, session_id: str) -> StoredSession | None:
        rows = self._read(
            "SELECT id, document, fps, steps_per_frame, active_at FROM sessions WHERE id = ?",
            (session_id,),
        )
        if not rows:
            return None
        identifier, document, fps, steps, active_at = rows[0]
        return StoredSession(
            str(identifier), bytes(document), int(fps), int(steps), float(active_at)
        )

    def delete_sessions(self, session_ids: Iterable[str]) -> None:
        self._write(("DELETE FROM sessions WHERE id = ?", (i,)) for i in session_ids)

    def sessions_inactive_since(self, moment: float) -> list[str]:
        rows = self._read("SELECT id FROM sessions WHERE active_at < ?", (moment,))
        return [str(row[0]) for row in rows]

    def sessions_oldest_first(self) -> list[tuple[str, int]]:
        """(id, stored bytes) of every session, least recently active first."""
        rows = self._read("SELECT id, size FROM sessions ORDER BY active_at")
        return [(str(row[0]), int(row[1])) for row in rows]

    def session_bytes(self) -> int:
        return int(self._read("SELECT coalesce(sum(size), 0) FROM sessions")[0][0])

    # shares

    def save_share(self, row: ShareRow) -> None:
        values = (row.id, row.document, row.created_at, row.session_id, row.token_hash)
        self._write([("INSERT INTO shares VALUES (?, ?, ?, ?, ?)", values)])

    def load_share(self, share_id: str) -> ShareRow | None:
        rows = self._read("SELECT * FROM shares WHERE id = ?", (share_id,))
        if not rows:
            return None
        identifier, document, created_at, session_id, token_hash = rows[0]
        return ShareRow(
            str(identifier),
            bytes(document),
            float(created_at),
            str(session_id),
            str(token_hash),
        )

    def delete_share(self, share_id: str) -> None:
        self._write([("DELETE FROM shares WHERE id = ?", (share_id,))])

    def delete_shares_created_before(self, moment: float) -> None:
        self._write([("DELETE FROM shares WHERE created_at < ?", (moment,))])

    # sweeps

    def save_sweep(self, row: SweepRow) -> None:
        values = (
            row.id,
            row.client,
            row.body,
            row.status,
            row.error,
            row.results,
            row.created_at,
            row.updated_at,
        )
        self._write([("INSERT OR REPLACE INTO sweeps VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)])

    def load_sweep(self, sweep_id: str) -> SweepRow | None:
        rows = self._read("SELECT * FROM sweeps WHERE id = ?", (sweep_id,))
        if not rows:
            return None
        ident, client, body, status, error, results, created_at, updated_at = rows[0]
        return SweepRow(
            str(ident),
            str(client),
            str(body),
            str(status),
            None if error is None else str(error),
            bytes(results),
            float(created_at),
            float(updated_at),
        )

    def delete_sweeps_updated_before(self, moment: float) -> None:
        """Sweeps that ended (or stopped being written) before `moment`."""
        self._write([("DELETE FROM sweeps WHERE updated_at < ?", (moment,))])

    def keep_newest_sweeps(self, keep: int) -> None:
        """At most `keep` sweeps: those queued or running are kept first, then the ended ones
        last written most recently; the rest (the oldest ended) are deleted."""
        statement = (
            "DELETE FROM sweeps WHERE id IN (SELECT id FROM sweeps ORDER BY "
            "status IN ('queued', 'running') DESC, updated_at DESC LIMIT -1 OFFSET ?)"
        )
        self._write([(statement, (keep,))])

    def sweep_ids(self) -> list[str]:
        """Every stored sweep's id, the most recently written first."""
        rows = self._read("SELECT id FROM sweeps ORDER BY updated_at DESC", ())
        return [str(row[0]) for row in rows]


def _stored_version(connection: sqlite3.Connection) -> int:
    """The file's schema version (0 for a new file); reading it changes nothing."""
    tables = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchall()
    if not tables:
        return 0
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _connect(path: str) -> sqlite3.Connection:
    """Open the file, in WAL mode, holding its lock; DatabaseRefused when the file is not a
    database, is from a newer server or another server holds it (the file is left untouched),
    OSError/sqlite3.OperationalError when it cannot be reached or written (the caller then
    serves from memory)."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=0.2, check_same_thread=False)
    try:
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        version = _stored_version(connection)  # checked before anything is written
        if version > SCHEMA_VERSION:
            raise DatabaseRefused(
                f"the database {path} was written by a newer nn-playground (schema "
                f"{version}; this one reads up to {SCHEMA_VERSION}); upgrade, or point "
                "NN_PLAYGROUND_DB at another file"
            )
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("BEGIN IMMEDIATE")  # takes the write lock, kept while we run
    except DatabaseRefused:
        connection.close()
        raise
    except sqlite3.OperationalError as error:
        connection.close()
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseRefused(
                f"the database {path} is in use by another nn-playground server; stop it, or "
                "point NN_PLAYGROUND_DB at another file"
            ) from None
        raise
    except sqlite3.DatabaseError as error:
        connection.close()
        raise DatabaseRefused(
            f"cannot use {path} as the database: {error}; it is left as it is (move it away, "
            "or point NN_PLAYGROUND_DB at another file)"
        ) from None
    return connection
