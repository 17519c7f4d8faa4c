"""Saved runs against real server processes and a real database file: kill -9, SIGTERM, two
servers on one file, files the server must refuse, a disk it cannot write, a damaged row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.storage.database import SCHEMA_VERSION
from tests.app.conftest import SMALL_RUN
from tests.live import ROOT, ServerProcess, free_port

pytestmark = pytest.mark.timeout(120)

SNAPSHOT_SECONDS = 1.0


def _env(db: Path | str, **more: str) -> dict[str, str]:
    return {"NN_PLAYGROUND_DB": str(db), **more}


def _create(client: httpx.Client, steps: int = 0) -> str:
    response = client.post("/api/sessions", json=SMALL_RUN)
    assert response.status_code == 201, response.text
    session_id: str = response.json()["id"]
    if steps:
        assert client.post(f"/api/sessions/{session_id}/step", json={"steps": steps}).is_success
    return session_id


def _step(client: httpx.Client, session_id: str) -> int:
    response = client.get(f"/api/sessions/{session_id}")
    assert response.status_code == 200, response.text
    return int(response.json()["metrics"]["step"])


def _refused(db: Path) -> subprocess.CompletedProcess[str]:
    """Run the nn-playground command on `db`; it is expected to exit at once."""
    env = {**os.environ, "NN_PLAYGROUND_DB": str(db)}
    command = [sys.executable, "-m", "app", "--port", str(free_port())]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_kill_during_play_brings_back_a_state_from_within_the_snapshot_interval(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path / "playground.db", NN_PLAYGROUND_SNAPSHOT_SECONDS=str(SNAPSHOT_SECONDS))
    server = ServerProcess(env)
    with server, httpx.Client(base_url=server.url, timeout=30) as client:
        session_id = _create(client)
        play = client.post(f"/api/sessions/{session_id}/play", json={"fps": 10})
        assert play.status_code == 200, play.text
        seen: list[tuple[float, int]] = []
        while len(seen) < 2 or seen[-1][1] - seen[0][1] < 50 or len(seen) < 30:
            seen.append((time.monotonic(), _step(client, session_id)))
            time.sleep(0.1)
        server.kill()
        killed_at = time.monotonic()
    floor = max(step for moment, step in seen if moment <= killed_at - SNAPSHOT_SECONDS - 1)
    with ServerProcess(env) as again, httpx.Client(base_url=again.url, timeout=30) as client:
        restored = client.get(f"/api/sessions/{session_id}")
        assert restored.status_code == 200, restored.text
        assert restored.json()["metrics"]["step"] >= floor
        assert restored.json()["playing"] is False


def test_sigterm_restart_loses_nothing(tmp_path: Path) -> None:
    env = _env(tmp_path / "playground.db", NN_PLAYGROUND_SNAPSHOT_SECONDS="3600")
    with ServerProcess(env, cli=True) as server, httpx.Client(base_url=server.url) as client:
        session_id = _create(client, steps=137)
        before = client.get(f"/api/sessions/{session_id}/export").json()
    with ServerProcess(env, cli=True) as server, httpx.Client(base_url=server.url) as client:
        after = client.get(f"/api/sessions/{session_id}/export")
        assert after.status_code == 200, after.text
        assert after.json() == before  # the same step, weights, optimiser and generator state
        stepped = client.post(f"/api/sessions/{session_id}/step", json={"steps": 5})
        assert stepped.status_code == 200


def test_a_second_server_on_the_same_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "playground.db"
    with ServerProcess(_env(db), cli=True) as server, httpx.Client(base_url=server.url) as client:
        session_id = _create(client, steps=10)
        second = _refused(db)
        assert second.returncode == 1
        assert f"the database {db} is in use by another nn-playground server" in second.stderr
        assert _step(client, session_id) == 10


def test_a_file_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "playground.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        connection.execute("INSERT INTO schema_version VALUES (99)")
    connection.close()
    content = db.read_bytes()
    result = _refused(db)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"nn-playground: the database {db} was written by a newer nn-playground (schema 99; "
        f"this one reads up to {SCHEMA_VERSION}); upgrade, or point NN_PLAYGROUND_DB at another "
        "file"
    ]
    assert db.read_bytes() == content


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "playground.db"
    db.write_bytes(b"these are my notes, not a database\n" * 200)
    result = _refused(db)
    assert result.returncode == 1
    assert result.stderr.startswith(f"nn-playground: cannot use {db} as the database")
    assert len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == b"these are my notes, not a database\n" * 200


def _read_only_directory(tmp_path: Path) -> Path:
    """A directory this process cannot create files in (root ignores modes: use /proc)."""
    if os.geteuid() == 0:
        return Path("/proc/self")
    directory = tmp_path / "read-only"
    directory.mkdir()
    directory.chmod(0o555)
    return directory


def test_a_read_only_directory_leaves_the_server_degraded_but_serving(tmp_path: Path) -> None:
    db = _read_only_directory(tmp_path) / "playground.db"
    with ServerProcess(_env(db), cli=True) as server, httpx.Client(base_url=server.url) as client:
        health = client.get("/health").json()
        assert health["status"] == "degraded"
        assert str(db) in health["reason"]
        session_id = _create(client, steps=20)
        assert _step(client, session_id) == 20
        share = client.post(f"/api/sessions/{session_id}/share")
        assert share.status_code == 201


def test_a_damaged_row_is_skipped_with_a_line_naming_the_session(tmp_path: Path) -> None:
    db = tmp_path / "playground.db"
    with ServerProcess(_env(db), cli=True) as server, httpx.Client(base_url=server.url) as client:
        damaged, intact = _create(client, steps=7), _create(client, steps=9)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE sessions SET document = x'00ff00ff' WHERE id = ?", (damaged,))
    connection.close()
    log_path = tmp_path / "server.log"
    with (
        log_path.open("wb") as log,
        ServerProcess(_env(db), output=log, cli=True) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        assert _step(client, intact) == 9
        missing: Any = client.get(f"/api/sessions/{damaged}")
        assert missing.status_code == 404
        assert missing.json()["code"] == "session_not_found"
    assert f"stored session {damaged} skipped" in log_path.read_text()
