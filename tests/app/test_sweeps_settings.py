"""The sweep settings: each read from its variable and refused out of range, and each doing what
the README says (workers, Ray, how long an ended sweep is kept)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from app.sessions.encoding import jsonable
from engine.sweeps import run_sweep
from tests.app.sweeps import wait_for_status

SMALL: dict[str, Any] = {
    "base": {"data": {"n_samples": 100}},
    "grid": {"training.learning_rate": [0.01, 0.3]},
    "seeds": 2,
    "budget": {"epochs": 3},
    "curve_points": 3,
    "thumbnail": 6,
}


@pytest.mark.parametrize(
    ("field", "raw", "value", "bad"),
    [
        ("max_sweeps", "9", 9, "0"),
        ("max_sweeps_per_client", "3", 3, "0"),
        ("max_sweep_runs", "50", 50, "1001"),
        ("max_sweep_examples", "5000", 5000, "200000001"),
        ("sweep_ttl", "60", 60.0, "0"),
        ("sweeps_per_client_hour", "10", 10, "0"),
        ("max_ended_sweeps_in_memory", "5", 5, "100001"),
        ("max_stored_sweeps", "50", 50, "0"),
        ("sweep_workers", "3", 3, "0"),
        ("ray_address", "auto", "auto", "x" * 513),
    ],
)
def test_each_sweep_setting_comes_from_its_variable(
    field: str, raw: str, value: Any, bad: str
) -> None:
    name = f"NN_PLAYGROUND_{field.upper()}"
    assert getattr(Settings.from_env({name: raw}), field) == value
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: bad})


def _done(client: TestClient, body: dict[str, Any]) -> tuple[str, Any]:
    sweep_id = client.post("/api/sweeps", json=body).json()["id"]
    return sweep_id, wait_for_status(client, sweep_id)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pool_has_sweep_workers_processes(workers: int) -> None:
    with TestClient(create_app(Settings(sweep_workers=workers))) as client:
        _, answer = _done(client, {**SMALL, "seeds": 8})
        assert answer["status"] == "done"
        executor = client.app.state.sweeps._executor  # type: ignore[attr-defined]
        assert executor.workers == workers
        assert len(executor._pool._processes) <= workers


def test_an_ended_sweep_is_forgotten_after_sweep_ttl() -> None:
    settings = Settings(sweep_workers=1, sweep_ttl=0.3, snapshot_seconds=0.1)
    with TestClient(create_app(settings)) as client:
        sweep_id, answer = _done(client, SMALL)
        assert answer["status"] == "done"
        deadline = time.monotonic() + 30
        while client.get(f"/api/sweeps/{sweep_id}").status_code == 200:
            assert time.monotonic() < deadline, "the ended sweep was kept past sweep_ttl"
            time.sleep(0.05)
        assert client.get(f"/api/sweeps/{sweep_id}").json()["code"] == "sweep_not_found"


def test_with_ray_address_the_sweep_runs_on_ray_with_the_same_numbers(local_ray: None) -> None:
    from engine.sweeps.ray_executor import RayExecutor

    with TestClient(create_app(Settings(ray_address="auto"))) as client:
        _, answer = _done(client, SMALL)
        assert isinstance(client.app.state.sweeps._executor, RayExecutor)  # type: ignore[attr-defined]
    expected = jsonable(run_sweep(SMALL))
    assert answer["status"] == "done" and answer["ranking"] == expected["ranking"]
    finals = [run["final"] for cell in answer["cells"] for run in cell["runs"]]
    assert finals == [run.final for cell in expected["cells"] for run in cell["runs"]]
