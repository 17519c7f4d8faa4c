"""Runs grouped into chunks, the unit an executor ships to a worker: a chunk runs its tasks one
after another, or stacked when they share a network shape (see `engine.sweeps.stacked`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine.sweeps.runner import RunResult, run_task
from engine.sweeps.spec import RunTask

__all__ = ["run_chunk", "split_chunks"]


def split_chunks(
    tasks: Sequence[RunTask], workers: int, size: int | None = None
) -> list[list[RunTask]]:
    """Consecutive runs in chunks of `size` (default: about four chunks per worker, at most
    16 runs each, so progress is reported often and a cancel frees workers quickly)."""
    if size is None:
        size = max(1, min(16, -(-len(tasks) // (4 * max(1, workers)))))
    return [list(tasks[i : i + size]) for i in range(0, len(tasks), size)]


def run_chunk(
    tasks: Sequence[RunTask], stacked: bool = False, cancelled: Callable[[], bool] | None = None
) -> list[RunResult]:
    """Every task of the chunk, stacked where possible, else each alone."""
    if stacked:
        from engine.sweeps.stacked import run_stacked

        return run_stacked(tasks, cancelled)
    return [run_task(task, cancelled) for task in tasks]
