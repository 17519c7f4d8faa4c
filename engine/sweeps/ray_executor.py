"""Sweep runs as Ray tasks, on the cluster at NN_PLAYGROUND_RAY_ADDRESS or a Ray already started
in this process. Needs the `cluster` extra (`pip install 'nn-playground[cluster]'`); Ray does the
scheduling, this module only submits chunks and collects them."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from typing import Any

from engine.sweeps.chunks import run_chunk
from engine.sweeps.executors import OnResult, pool_workers
from engine.sweeps.runner import Cancelled, RunResult
from engine.sweeps.spec import RunTask

__all__ = ["RayExecutor", "ray_available"]

POLL = 0.05


def ray_available() -> bool:
    """Whether Ray can be imported here."""
    return importlib.util.find_spec("ray") is not None


def _ray() -> Any:
    """The ray module, or ImportError saying how to get it."""
    if not ray_available():
        raise ImportError(
            "the Ray executor needs Ray: pip install 'nn-playground[cluster]' (ray>=2.9)"
        )
    import ray

    return ray


def _ray_chunk(tasks: list[RunTask], stacked: bool) -> list[RunResult]:
    return run_chunk(tasks, stacked)


class RayExecutor:
    """Each chunk of runs is one Ray task (one CPU). Connects with ray.init(address=...) unless
    Ray is already initialised in this process (as a test does with ray.init(num_cpus=2))."""

    def __init__(self, address: str | None = None, stacked: bool = False) -> None:
        ray = _ray()
        if not ray.is_initialized():
            ray.init(address=address or "auto", include_dashboard=False, log_to_driver=False)
        self.stacked = stacked
        self._remote = ray.remote(num_cpus=1)(_ray_chunk)
        self._cancelled = threading.Event()

    def _cpus(self) -> int:
        cpus = _ray().cluster_resources().get("CPU", 0)
        return max(1, int(cpus)) if cpus else pool_workers()

    def run(self, tasks: Sequence[RunTask], on_result: OnResult | None = None) -> list[RunResult]:
        from engine.sweeps.chunks import split_chunks

        ray = _ray()
        self._cancelled.clear()
        pending = [
            self._remote.remote(chunk, self.stacked) for chunk in split_chunks(tasks, self._cpus())
        ]
        results: list[RunResult] = []
        while pending:
            if self._cancelled.is_set():
                for ref in pending:
                    ray.cancel(ref, force=True)
                raise Cancelled
            done, pending = ray.wait(pending, num_returns=1, timeout=POLL)
            for ref in done:
                for result in ray.get(ref):
                    results.append(result)
                    if on_result is not None:
                        on_result(result)
        return sorted(results, key=lambda r: r.index)

    def cancel(self) -> None:
        self._cancelled.set()

    def close(self) -> None:
        return None
