"""Sweeps: many runs of one base config over a grid or a random search, several seeds each,
run on a local process pool or a Ray cluster with the same numbers everywhere."""

from engine.sweeps.executors import LocalPoolExecutor, SequentialExecutor, default_executor
from engine.sweeps.results import summarize
from engine.sweeps.runner import RunResult, run_task
from engine.sweeps.spec import RunTask, SweepSpec, parse_sweep
from engine.sweeps.sweep import run_sweep

__all__ = [
    "LocalPoolExecutor",
    "RunResult",
    "RunTask",
    "SequentialExecutor",
    "SweepSpec",
    "default_executor",
    "parse_sweep",
    "run_sweep",
    "run_task",
    "summarize",
]
