"""Where a sweep's runs execute: in this process, on a local process pool, or as Ray tasks.

Every executor ships the same chunks of tasks to `run_chunk`, so the numbers do not depend on
where they ran. `run` blocks until every run is done (or the sweep is cancelled) and reports each
finished run through `on_result`; `cancel` may be called from another thread and makes `run`
raise `Cancelled` within a second, with the workers free again.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing.synchronize import Event as EventType
from typing import Any, Protocol

from engine.sweeps.chunks import run_chunk, split_chunks
from engine.sweeps.runner import Cancelled, RunResult
from engine.sweeps.spec import RunTask

__all__ = [
    "Executor",
    "LocalPoolExecutor",
    "SequentialExecutor",
    "default_executor",
    "pool_workers",
]

OnResult = Callable[[RunResult], None]
CANCEL_GRACE = 0.8
"""Seconds a running chunk gets to notice a cancel before its worker is ended."""
POLL = 0.05
WORKER_NICENESS = 10
"""Pool workers run at a lower priority than the server, so live sessions keep their frames."""


class Executor(Protocol):
    """Runs a sweep's tasks somewhere."""

    def run(self, tasks: Sequence[RunTask], on_result: OnResult | None = None) -> list[RunResult]:
        """Every task's result, in task order; raises Cancelled after `cancel`."""
        ...

    def cancel(self) -> None:
        """Stop the sweep being run (thread-safe)."""
        ...

    def close(self) -> None:
        """Free the workers."""
        ...


def pool_workers() -> int:
    """NN_PLAYGROUND_SWEEP_WORKERS, default the CPU count; ValueError naming the variable."""
    raw = os.environ.get("NN_PLAYGROUND_SWEEP_WORKERS", "")
    if not raw.strip():
        return os.cpu_count() or 1
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 1024:
        raise ValueError(
            f"NN_PLAYGROUND_SWEEP_WORKERS must be an integer in [1, 1024], got {raw!r}"
        )
    return int(raw)


def _ordered(results: list[RunResult]) -> list[RunResult]:
    return sorted(results, key=lambda r: r.index)


class SequentialExecutor:
    """Every run in this process, one chunk after another (the reference for the others)."""

    def __init__(self, stacked: bool = False) -> None:
        self.stacked = stacked
        self._cancel = threading.Event()

    def run(self, tasks: Sequence[RunTask], on_result: OnResult | None = None) -> list[RunResult]:
        self._cancel.clear()
        results: list[RunResult] = []
        for chunk in split_chunks(tasks, 1):
            for result in run_chunk(chunk, self.stacked, self._cancel.is_set):
                results.append(result)
                if on_result is not None:
                    on_result(result)
        return _ordered(results)

    def cancel(self) -> None:
        self._cancel.set()

    def close(self) -> None:
        return None


# ----------------------------------------------------------------------------- local pool

_worker_cancel: EventType | None = None


def _exit_with(sentinel: int) -> None:
    """Wait until the process that made the pool is gone, then end this worker at once.

    `sentinel` is multiprocessing's pipe from that process, readable (end of file) once it has
    exited, however it exited (SIGKILL included). The parent pid cannot serve: a forkserver
    worker's parent is the forkserver, which itself stays up as long as any worker does."""
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _start_worker(cancel: EventType) -> None:
    """Pool initializer: remember the shared cancel flag, step aside for the server, and
    watch the process that made the pool (a daemon thread) so the worker ends with it: a
    server killed outright then leaves no idle workers (nor, once they end, a forkserver)."""
    global _worker_cancel
    _worker_cancel = cancel
    with contextlib.suppress(OSError):  # some sandboxes refuse a priority change
        os.nice(WORKER_NICENESS)
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _cancelled_in_worker() -> bool:
    return _worker_cancel is not None and _worker_cancel.is_set()


def _pool_chunk(tasks: list[RunTask], stacked: bool) -> list[RunResult]:
    return run_chunk(tasks, stacked, _cancelled_in_worker)


class LocalPoolExecutor:
    """A process pool on this machine (forkserver processes, so a threaded server forks
    nothing of its own); kept between sweeps until `close`. One sweep at a time."""

    def __init__(self, workers: int | None = None, stacked: bool = False) -> None:
        self.workers = pool_workers() if workers is None else workers
        self.stacked = stacked
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn"
        )
        self._cancel_flag = self._context.Event()
        self._cancelled = threading.Event()
        self._pool: ProcessPoolExecutor | None = None

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, self._context, _start_worker, (self._cancel_flag,)
            )
        return self._pool

    def warm_up(self) -> None:
        """Start every worker now (the first sweep then pays no start-up)."""
        pool = self._ensure_pool()
        for future in [pool.submit(_pool_chunk, [], False) for _ in range(self.workers)]:
            future.result()

    def run(self, tasks: Sequence[RunTask], on_result: OnResult | None = None) -> list[RunResult]:
        self._cancelled.clear()
        self._cancel_flag.clear()
        pool = self._ensure_pool()
        pending: set[Future[list[RunResult]]] = {
            pool.submit(_pool_chunk, chunk, self.stacked)
            for chunk in split_chunks(tasks, self.workers)
        }
        results: list[RunResult] = []
        while pending:
            if self._cancelled.is_set():
                self._stop(pending)
                raise Cancelled
            done, pending = wait(pending, POLL, FIRST_COMPLETED)
            for future in done:
                for result in future.result():
                    results.append(result)
                    if on_result is not None:
                        on_result(result)
        return _ordered(results)

    def _stop(self, pending: set[Future[list[RunResult]]]) -> None:
        """Drop queued chunks, give running ones CANCEL_GRACE to return, then end the pool's
        processes if any chunk is still busy (a fresh pool starts on the next sweep)."""
        for future in pending:
            future.cancel()
        deadline = time.monotonic() + CANCEL_GRACE
        running = {f for f in pending if not f.cancelled()}
        while running and time.monotonic() < deadline:
            _, running = wait(running, POLL)
        if running and self._pool is not None:
            processes: dict[Any, Any] = getattr(self._pool, "_processes", None) or {}
            for process in list(processes.values()):
                process.terminate()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def cancel(self) -> None:
        self._cancel_flag.set()
        self._cancelled.set()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalPoolExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_executor(stacked: bool = False) -> Executor:
    """Ray tasks when NN_PLAYGROUND_RAY_ADDRESS is set ("auto" or a cluster address), else the
    local pool with NN_PLAYGROUND_SWEEP_WORKERS processes."""
    address = os.environ.get("NN_PLAYGROUND_RAY_ADDRESS", "").strip()
    if address:
        from engine.sweeps.ray_executor import RayExecutor

        return RayExecutor(address, stacked=stacked)
    return LocalPoolExecutor(stacked=stacked)
