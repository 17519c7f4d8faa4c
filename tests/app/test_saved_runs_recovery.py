"""Writes resume when the disk does: a real server process on a real database file whose writes
start failing (degraded /health), then succeed again (ok /health, a new snapshot in the file).

How the disk fails. The tests may run as root, for whom file modes do not bite, and the server
keeps its database file open, so renaming or unlinking the directory changes nothing for it
either. What does fail for root is the kernel's file-size limit: `prlimit --fsize=0` on the
server's process makes every write to a regular file fail with EFBIG (Python ignores SIGXFSZ),
which SQLite reports as a write error, as on a full disk. Raising the limit again is the disk
coming back."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.storage.codec import decode
from tests.app.conftest import SMALL_RUN
from tests.live import ServerProcess

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs util-linux's prlimit"),
]

SNAPSHOT_SECONDS = "0.3"
WAIT = 30.0


def _limit_file_size(pid: int, soft: str) -> None:
    """Set the server's soft RLIMIT_FSIZE (the hard limit stays unlimited, so it can go back)."""
    subprocess.run(["prlimit", f"--pid={pid}", f"--fsize={soft}:unlimited"], check=True)


def _step(client: httpx.Client, session_id: str, steps: int) -> None:
    response = client.post(f"/api/sessions/{session_id}/step", json={"steps": steps})
    assert response.status_code == 200, response.text


def _health_becomes(client: httpx.Client, status: str) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        health: dict[str, Any] = client.get("/health").json()
        if health["status"] == status:
            return health
        time.sleep(0.1)
    raise AssertionError(f"/health did not become {status!r} within {WAIT} s")


def _stored_step(db: Path, session_id: str) -> int:
    """The step of the session's snapshot in the file, read with sqlite3 (the server is gone)."""
    with sqlite3.connect(db) as connection:
        row = connection.execute("SELECT document FROM sessions WHERE id = ?", (session_id,))
        (document,) = row.fetchone()
    connection.close()
    return int(decode(document)["trainer"]["step"])


def test_writes_resume_when_the_disk_comes_back(tmp_path: Path) -> None:
    db = tmp_path / "playground.db"
    env = {"NN_PLAYGROUND_DB": str(db), "NN_PLAYGROUND_SNAPSHOT_SECONDS": SNAPSHOT_SECONDS}
    with (
        Path("/dev/null").open("wb") as quiet,  # not a regular file: the limit does not touch it
        ServerProcess(env, output=quiet, cli=True) as server,
        httpx.Client(base_url=server.url, timeout=30) as client,
    ):
        assert server.process is not None
        created = client.post("/api/sessions", json=SMALL_RUN)
        assert created.status_code == 201, created.text
        session_id = created.json()["id"]
        _step(client, session_id, 5)
        assert _health_becomes(client, "ok") == {"status": "ok"}

        _limit_file_size(server.process.pid, "0")  # the disk fails
        _step(client, session_id, 15)
        degraded = _health_becomes(client, "degraded")
        assert str(db) in degraded["reason"]
        _step(client, session_id, 1)  # still served from memory
        assert client.get(f"/api/sessions/{session_id}").json()["metrics"]["step"] == 21

        _limit_file_size(server.process.pid, "unlimited")  # ...and comes back
        _step(client, session_id, 9)
        assert _health_becomes(client, "ok") == {"status": "ok"}
        time.sleep(float(SNAPSHOT_SECONDS) * 4)  # a round after the change, to be sure it landed
        server.kill()  # no shutdown save: only what the rounds wrote is in the file
    assert _stored_step(db, session_id) == 30
