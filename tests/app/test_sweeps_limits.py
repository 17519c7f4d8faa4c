"""What one client can pile up over time: sweeps started per hour, ended sweeps held in memory,
sweeps kept in the database file; and clients taking turns in the queue. Real app, real pool,
real SQLite files."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.hourly import HOUR, HourlyQuota
from app.main import create_app
from app.storage.database import Database, SweepRow
from app.sweeps.manager import SweepManager
from tests.app.sweeps import ENDED, wait_for_status
from tests.app.test_sweeps import LONG

pytestmark = pytest.mark.timeout(300)

TINY: dict[str, Any] = {
    "base": {"data": {"n_samples": 50}},
    "grid": {"training.learning_rate": [0.1]},
    "seeds": 1,
    "budget": {"steps": 1},
    "curve_points": 1,
    "thumbnail": 2,
}
"""One run of one step: the smallest sweep there is."""


def _settings(**changes: Any) -> Settings:
    return Settings(sweep_workers=1, client_ip_header="X-Real-IP", **changes)


def _start(client: TestClient, body: dict[str, Any], who: str = "10.0.0.1") -> str:
    response = client.post("/api/sweeps", json=body, headers={"X-Real-IP": who})
    assert response.status_code == 202, response.text
    identifier: str = response.json()["id"]
    return identifier


def _status(client: TestClient, sweep_id: str) -> str:
    status: str = client.get(f"/api/sweeps/{sweep_id}").json()["status"]
    return status


def _manager(client: TestClient) -> SweepManager:
    manager: SweepManager = client.app.state.sweeps  # type: ignore[attr-defined]
    return manager


# ----------------------------------------------------------------------------- per hour


def test_a_client_may_start_sweeps_per_client_hour_then_gets_429_client_sweep_rate() -> None:
    settings = _settings(sweeps_per_client_hour=3, max_sweeps_per_client=10, max_sweeps=10)
    with TestClient(create_app(settings)) as client:
        for _ in range(3):
            wait_for_status(
                client, _start(client, TINY), ENDED
            )  # each ended: only the rate can refuse
        refused = client.post("/api/sweeps", json=TINY, headers={"X-Real-IP": "10.0.0.1"})
        assert refused.status_code == 429
        assert refused.json()["code"] == "client_sweep_rate"
        assert "NN_PLAYGROUND_SWEEPS_PER_CLIENT_HOUR" in refused.json()["detail"]
        assert 3500 < int(refused.headers["Retry-After"]) <= 3600
        _start(client, TINY, who="10.0.0.2")  # another client still may


def test_a_refused_sweep_does_not_count_against_the_hour() -> None:
    settings = _settings(sweeps_per_client_hour=1)
    with TestClient(create_app(settings)) as client:
        bad = client.post("/api/sweeps", json={**TINY, "seeds": 0})
        assert bad.status_code == 422
        _start(client, TINY)


def test_the_hourly_quota_slides_and_forgets_idle_clients() -> None:
    now = [0.0]
    quota = HourlyQuota(2, clock=lambda: now[0])
    quota.record("a")
    now[0] = 600.0
    quota.record("a")
    assert quota.retry_after("a") == 3000  # the first action leaves the window at 3600
    assert quota.retry_after("b") is None
    now[0] = HOUR
    assert quota.retry_after("a") is None
    quota.record("a")
    assert quota.retry_after("a") == 600
    now[0] = 3 * HOUR
    quota.record("b")
    assert len(quota) == 1  # "a" was idle for an hour


def test_shares_and_sweeps_count_with_the_same_quota() -> None:
    from app.storage.shares import Shares

    with TestClient(create_app(_settings())) as client:
        shares: Shares = client.app.state.store.shares  # type: ignore[attr-defined]
        assert isinstance(shares.made, HourlyQuota)
        assert isinstance(_manager(client).started, HourlyQuota)


# ----------------------------------------------------------------------------- in memory


@pytest.mark.parametrize("database", ["file", "memory"])
def test_past_the_cap_the_oldest_ended_sweeps_leave_memory_and_are_still_answered(
    tmp_path: Path, database: str
) -> None:
    db = str(tmp_path / "playground.db") if database == "file" else ":memory:"
    settings = _settings(db=db, max_ended_sweeps_in_memory=2)
    with TestClient(create_app(settings)) as client:
        ids, answers = [], {}
        for seed in range(4):
            ids.append(_start(client, {**TINY, "seeds": [seed]}))
            answers[ids[-1]] = wait_for_status(client, ids[-1], ENDED)
        manager = _manager(client)
        assert manager.ended_in_memory() == 2
        assert ids[0] not in manager._sweeps and ids[1] not in manager._sweeps
        assert ids[3] in manager._sweeps
        for sweep_id in ids:
            assert client.get(f"/api/sweeps/{sweep_id}").json() == answers[sweep_id]
        assert manager.ended_in_memory() == 2  # read back, the oldest left again


# ----------------------------------------------------------------------------- in the file


def test_past_max_stored_sweeps_the_oldest_ended_leave_the_file(tmp_path: Path) -> None:
    db = tmp_path / "playground.db"
    settings = _settings(db=str(db), max_stored_sweeps=2, max_ended_sweeps_in_memory=1)
    with TestClient(create_app(settings)) as client:
        ids = []
        for seed in range(4):
            ids.append(_start(client, {**TINY, "seeds": [seed]}))
            wait_for_status(client, ids[-1], ENDED)
        assert client.get(f"/api/sweeps/{ids[0]}").json()["code"] == "sweep_not_found"
        assert client.get(f"/api/sweeps/{ids[2]}").status_code == 200
    with sqlite3.connect(db) as connection:
        stored = {row[0] for row in connection.execute("SELECT id FROM sweeps")}
    connection.close()
    assert stored == set(ids[2:])


def _row(sweep_id: str, status: str, updated_at: float) -> SweepRow:
    return SweepRow(sweep_id, "c", "{}", status, None, b"", 1.0, updated_at)


def test_the_database_keeps_queued_and_running_sweeps_before_ended_ones(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "playground.db"))
    rows = [
        _row("running", "running", 1.0),
        _row("old", "done", 2.0),
        _row("queued", "queued", 3.0),
        _row("new", "cancelled", 4.0),
        _row("newer", "failed", 5.0),
    ]
    for row in rows:
        database.save_sweep(row)
    database.keep_newest_sweeps(3)
    assert database.sweep_ids() == ["newer", "queued", "running"]
    database.keep_newest_sweeps(1)
    assert database.sweep_ids() == ["queued"]
    database.close()


# ----------------------------------------------------------------------------- turns


ADDRESSES = {"a": "10.0.0.1", "b": "10.0.0.2", "c": "10.0.0.3"}


def test_clients_take_turns_the_least_recently_started_client_first() -> None:
    settings = _settings(max_sweeps_per_client=3, max_sweeps=6)
    with TestClient(create_app(settings)) as client:
        first = _start(client, LONG, who=ADDRESSES["a"])
        wait_for_status(client, first, ("running",))
        names = {first: "a1"}
        for name in ("a2", "a3", "b1", "b2", "c1"):
            names[_start(client, LONG, who=ADDRESSES[name[0]])] = name
        started = ["a1"]
        current = first
        while len(started) < len(names):
            assert client.delete(f"/api/sweeps/{current}").status_code == 204
            wait_for_status(client, current, ENDED)
            deadline = time.monotonic() + 60
            while (
                current := next((i for i in names if _status(client, i) == "running"), None)
            ) is None:
                assert time.monotonic() < deadline, "no sweep started"
                time.sleep(0.02)
            started.append(names[current])
        assert started == ["a1", "b1", "c1", "a2", "b2", "a3"]  # first come first served: a2
        assert set(_manager(client)._last_turn) == {ADDRESSES["a"]}  # idle clients' turns forgotten
        client.delete(f"/api/sweeps/{current}")
