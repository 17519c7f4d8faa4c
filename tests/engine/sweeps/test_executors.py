"""The same sweep gives the same numbers in this process, on the local pool and on a real local
Ray (ray.init(num_cpus=2)); a cancelled sweep stops and leaves its executor usable."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest

from engine.sweeps import LocalPoolExecutor, SequentialExecutor, parse_sweep, run_sweep
from engine.sweeps.executors import pool_workers
from engine.sweeps.runner import Cancelled, RunResult

SWEEP: dict[str, Any] = {
    "base": {"data": {"n_samples": 120}},
    "grid": {"training.learning_rate": [0.03, 0.3], "training.alpha": [0.0, 0.01]},
    "seeds": 2,
    "budget": {"epochs": 4},
    "curve_points": 4,
    "thumbnail": 8,
}


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return run_sweep(SWEEP, SequentialExecutor())


def test_the_local_pool_gives_the_sequential_numbers(reference: dict[str, Any]) -> None:
    with LocalPoolExecutor(workers=2) as pool:
        assert run_sweep(SWEEP, pool) == reference


def test_every_run_reports_its_curve_finals_and_thumbnail(reference: dict[str, Any]) -> None:
    assert reference["total"] == 8 and len(reference["cells"]) == 4
    run: RunResult = reference["cells"][0]["runs"][0]
    assert run.curve["epoch"] == [1, 2, 3, 4]
    assert run.final["epoch"] == 4 and run.final["status"] == "idle"
    assert run.final["val_loss"] == run.curve["val_loss"][-1]
    assert run.thumbnail["kind"] == "probability" and len(run.thumbnail["data"]) == 64


def test_a_cancelled_pool_sweep_stops_and_the_pool_runs_the_next_one() -> None:
    body = {**SWEEP, "seeds": 8, "budget": {"epochs": 200}}
    spec = parse_sweep(body)
    with LocalPoolExecutor(workers=2) as pool:
        seen: list[RunResult] = []

        def cancel_after_first(result: RunResult) -> None:
            seen.append(result)
            threading.Thread(target=pool.cancel).start()

        with pytest.raises(Cancelled):
            pool.run(spec.tasks, cancel_after_first)
        assert 0 < len(seen) < spec.total
        small = parse_sweep({**SWEEP, "grid": {"training.alpha": [0.0]}, "seeds": 1})
        assert len(pool.run(small.tasks)) == 1


def test_sweep_workers_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NN_PLAYGROUND_SWEEP_WORKERS", "3")
    assert pool_workers() == 3
    monkeypatch.delenv("NN_PLAYGROUND_SWEEP_WORKERS")
    assert pool_workers() == os.cpu_count()
    monkeypatch.setenv("NN_PLAYGROUND_SWEEP_WORKERS", "zero")
    with pytest.raises(ValueError, match="NN_PLAYGROUND_SWEEP_WORKERS"):
        pool_workers()


# ----------------------------------------------------------------------------- Ray


def test_ray_gives_the_sequential_numbers(local_ray: None, reference: dict[str, Any]) -> None:
    from engine.sweeps.ray_executor import RayExecutor

    assert run_sweep(SWEEP, RayExecutor()) == reference
