"""Sweep throughput: 64 runs of the default network (2 -> 4 -> 2 -> 1 tanh, circles vs crosses,
300 points, batch 10, 100 epochs) one at a time in this process (the baseline), on the local
pool with 2 workers, stacked in one process, and as Ray tasks on a local Ray with 2 CPUs.

Prints one JSON object: runs/s of each and the ratios to the baseline measured in the same run
(targets: pool >= 1.7x, stacked >= 3x), and whether every executor gave the baseline's numbers.
Each figure is the best of REPEATS timings. Then, on a real server, the frame rate of 10 sessions
playing at 10 fps with and without a 2-worker sweep running (bench/sweep_sessions.py; target
>= 90 %), and the seconds from DELETE to a running sweep reading `cancelled` (target < 1 s).
Run: python bench/sweep.py [--only throughput|sessions|cancel]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.sweeps import LocalPoolExecutor, SequentialExecutor, parse_sweep
from engine.sweeps.executors import Executor
from engine.sweeps.ray_executor import ray_available
from engine.sweeps.runner import RunResult

REPEATS = 2
SWEEP: dict[str, Any] = {
    "grid": {"training.learning_rate": [0.01, 0.03, 0.1, 0.3]},
    "seeds": 16,
    "budget": {"epochs": 100},
}


def timed(executor: Executor) -> tuple[float, list[RunResult]]:
    """Best runs/s over REPEATS sweeps, and the last sweep's results."""
    tasks = parse_sweep(SWEEP).tasks
    best, results = 0.0, []
    for _ in range(REPEATS):
        start = time.perf_counter()
        results = executor.run(tasks)
        best = max(best, len(tasks) / (time.perf_counter() - start))
    return best, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("throughput", "sessions", "cancel"))
    parser.add_argument("--seconds", type=float, default=10.0, help="each fps measurement")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    if args.only in (None, "throughput"):
        report |= throughput()
    if args.only in (None, "sessions"):
        from bench.sweep_sessions import sessions_fps_with_sweep

        report["sessions_fps_while_a_sweep_runs"] = sessions_fps_with_sweep(args.seconds)
    if args.only in (None, "cancel"):
        report["cancel"] = cancel_seconds()
    print(json.dumps(report, indent=2))


def throughput() -> dict[str, Any]:
    """Runs/s of each executor against the sequential baseline of the same run."""
    report: dict[str, Any] = {"runs": parse_sweep(SWEEP).total, "repeats": REPEATS}
    baseline, reference = timed(SequentialExecutor())
    report["sequential_runs_per_s"] = round(baseline, 2)
    with LocalPoolExecutor(workers=2) as pool:
        pool.warm_up()
        rate, results = timed(pool)
    report |= {"pool2_runs_per_s": round(rate, 2), "pool2_speedup": round(rate / baseline, 2)}
    report["pool2_same_numbers"] = results == reference
    rate, results = timed(SequentialExecutor(stacked=True))
    report |= {"stacked_runs_per_s": round(rate, 2), "stacked_speedup": round(rate / baseline, 2)}
    report["stacked_same_numbers"] = results == reference
    if ray_available():
        import ray

        from engine.sweeps.ray_executor import RayExecutor

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            executor = RayExecutor()
            executor.run(parse_sweep({**SWEEP, "seeds": 2, "budget": {"epochs": 1}}).tasks)
            rate, results = timed(executor)
        finally:
            ray.shutdown()
        report |= {"ray2_runs_per_s": round(rate, 2), "ray2_speedup": round(rate / baseline, 2)}
        report["ray2_same_numbers"] = results == reference
    else:
        report["ray2_runs_per_s"] = "skipped: Ray is not installed (pip install -e '.[cluster]')"
    report["targets"] = {"pool2_speedup": 1.7, "stacked_speedup": 3.0}
    return report


def cancel_seconds(repeats: int = 5) -> dict[str, Any]:
    """Seconds from DELETE /api/sweeps/{id} to the sweep reading `cancelled`, for a long sweep
    running on a 2-worker pool in a real app (worst and median of `repeats`; target < 1 s)."""
    from fastapi.testclient import TestClient

    from app.core.config import Settings
    from app.main import create_app

    long = {**SWEEP, "seeds": 50, "budget": {"epochs": 2000}}
    waits: list[float] = []
    with TestClient(create_app(Settings(sweep_workers=2))) as client:
        for _ in range(repeats):
            sweep_id = client.post("/api/sweeps", json=long).json()["id"]
            while client.get(f"/api/sweeps/{sweep_id}").json()["done"] < 1:
                time.sleep(0.02)
            start = time.perf_counter()
            client.delete(f"/api/sweeps/{sweep_id}")
            while client.get(f"/api/sweeps/{sweep_id}").json()["status"] != "cancelled":
                time.sleep(0.005)
            waits.append(time.perf_counter() - start)
    waits.sort()
    return {
        "worst_s": round(waits[-1], 3),
        "median_s": round(waits[len(waits) // 2], 3),
        "repeats": repeats,
        "target_s": 1.0,
    }


if __name__ == "__main__":
    main()
