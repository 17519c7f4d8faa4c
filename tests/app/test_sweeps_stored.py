"""Sweeps kept with the saved runs: a real server process on a real database file, stopped and
started again, still answers its sweeps; one running at shutdown comes back cancelled."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.storage.database import MIGRATIONS, SCHEMA_VERSION, Database
from tests.live import ServerProcess

pytestmark = pytest.mark.timeout(240)

SMALL: dict[str, Any] = {
    "base": {"data": {"n_samples": 100}},
    "grid": {"training.learning_rate": [0.01, 0.3]},
    "seeds": 2,
    "budget": {"epochs": 4},
    "curve_points": 2,
    "thumbnail": 6,
}
MANY: dict[str, Any] = {
    "base": {"data": {"n_samples": 200}},
    "grid": {"training.learning_rate": [0.01, 0.03, 0.1, 0.3]},
    "seeds": 100,
    "budget": {"epochs": 300},
    "curve_points": 10,
    "thumbnail": 4,
}
"""400 runs in chunks of 16: progress arrives early, the end much later."""


def _env(db: Path) -> dict[str, str]:
    return {
        "NN_PLAYGROUND_DB": str(db),
        "NN_PLAYGROUND_SWEEP_WORKERS": "2",
        "NN_PLAYGROUND_SNAPSHOT_SECONDS": "0.5",
    }


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (the pool's forkserver and workers), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, p in parents.items() if p == parent]
        found += children
        frontier += children
    return found


def _wait(client: httpx.Client, sweep_id: str, done: int, within: float) -> Any:
    """Poll until `done` runs have finished or the sweep ended."""
    deadline = time.monotonic() + within
    while True:
        answer = client.get(f"/api/sweeps/{sweep_id}").json()
        if answer["done"] >= done or answer["status"] in ("done", "cancelled", "failed"):
            return answer
        assert time.monotonic() < deadline, f"{answer['done']} runs done after {within} s"
        time.sleep(0.1)


def test_a_finished_sweep_is_answered_the_same_after_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "playground.db"
    with ServerProcess(_env(db)) as server, httpx.Client(base_url=server.url) as client:
        sweep_id = client.post("/api/sweeps", json=SMALL).json()["id"]
        before = _wait(client, sweep_id, 4, 120)
    assert before["status"] == "done"
    with ServerProcess(_env(db)) as server, httpx.Client(base_url=server.url) as client:
        after = client.get(f"/api/sweeps/{sweep_id}")
        opened = client.post(f"/api/sweeps/{sweep_id}/cells/1/open")
    assert after.status_code == 200 and after.json() == before
    assert opened.status_code == 201


def test_a_sweep_running_at_shutdown_comes_back_cancelled_with_its_runs(tmp_path: Path) -> None:
    db = tmp_path / "playground.db"
    with ServerProcess(_env(db)) as server, httpx.Client(base_url=server.url) as client:
        sweep_id = client.post("/api/sweeps", json=MANY).json()["id"]
        seen = _wait(client, sweep_id, 1, 120)
    assert seen["status"] == "running"
    with ServerProcess(_env(db)) as server, httpx.Client(base_url=server.url) as client:
        after = client.get(f"/api/sweeps/{sweep_id}").json()
    assert after["status"] == "cancelled"
    assert seen["done"] <= after["done"] < after["total"] == 400
    assert sum(len(cell["runs"]) for cell in after["cells"]) == after["done"]


def test_progress_written_every_few_seconds_survives_a_kill(tmp_path: Path) -> None:
    db = tmp_path / "playground.db"
    with ServerProcess(_env(db)) as server, httpx.Client(base_url=server.url) as client:
        sweep_id = client.post("/api/sweeps", json=MANY).json()["id"]
        seen = _wait(client, sweep_id, 1, 120)
        time.sleep(1.5)  # three snapshot rounds of 0.5 s
        assert server.process is not None
        below = _descendants(server.process.pid)
        os.kill(server.process.pid, signal.SIGKILL)  # as a power cut would: the whole tree
        server.process.wait()
        for pid in below:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    with ServerProcess(_env(db)) as server, httpx.Client(base_url=server.url) as client:
        after = client.get(f"/api/sweeps/{sweep_id}").json()
    assert after["status"] == "cancelled" and after["done"] >= seen["done"] >= 1


def test_a_file_of_the_previous_schema_gains_the_sweeps_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        connection.execute("INSERT INTO schema_version VALUES (1)")
        for statement in MIGRATIONS[0]:
            connection.execute(statement)
        connection.execute("INSERT INTO shares VALUES ('s', x'00', 1.0, 'id', 'hash')")
    connection.close()
    database = Database(str(path))
    assert database.load_sweep("nope") is None
    assert database.load_share("s") is not None
    database.close()
    with sqlite3.connect(path) as connection:
        version = connection.execute("SELECT version FROM schema_version").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert version == SCHEMA_VERSION == 2 and "sweeps" in tables
