"""Stacked training: runs that share a network shape train together along a leading run axis.

(Placeholder: every run trains alone until the stacked loop lands.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine.sweeps.runner import RunResult, run_task
from engine.sweeps.spec import RunTask

__all__ = ["run_stacked"]


def run_stacked(
    tasks: Sequence[RunTask], cancelled: Callable[[], bool] | None = None
) -> list[RunResult]:
    """The runs of `tasks`, each with the same numbers as `run_task` gives it."""
    return [run_task(task, cancelled) for task in tasks]
