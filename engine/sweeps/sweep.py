"""Run a whole sweep: parse it, hand its runs to an executor, summarise per cell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.sweeps.executors import Executor, OnResult, SequentialExecutor
from engine.sweeps.halving import run_halving
from engine.sweeps.results import summarize
from engine.sweeps.spec import SweepSpec, parse_sweep

__all__ = ["run_sweep"]


def run_sweep(
    sweep: SweepSpec | Mapping[str, Any],
    executor: Executor | None = None,
    on_result: OnResult | None = None,
) -> dict[str, Any]:
    """Every run of `sweep` (a SweepSpec or its JSON) on `executor` (default: this process),
    with successive halving when the sweep asks for it, summarised: {"metric", "total",
    "cells", "ranking", "best"}."""
    spec = sweep if isinstance(sweep, SweepSpec) else parse_sweep(sweep)
    runner = executor or SequentialExecutor()
    if spec.halving is not None:
        results = run_halving(spec, runner, on_result)
    else:
        results = runner.run(spec.tasks, on_result)
    return {"total": spec.total, **summarize(spec, results)}
