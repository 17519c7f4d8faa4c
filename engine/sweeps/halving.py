"""Successive halving: spend a sweep's budget on its promising cells.

Every cell trains `every` units (epochs or steps); the cells are ranked by the sweep's metric
(mean over seeds, unknown values last) and the worst (1 - keep) share of them is cut there; the
rest continue from where they stopped (each run's exported state, `engine.serialize`, so a run
that goes on to the end has exactly the numbers of an uninterrupted run), and so on until the
budget. At least one cell always goes on. A cut run's results are those at its cut, with
`cut_at` saying where.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from engine.sweeps.executors import Executor, OnResult
from engine.sweeps.runner import RunResult
from engine.sweeps.spec import Halving, SweepSpec

__all__ = ["cells_to_cut", "run_halving"]


def _score(spec: SweepSpec, runs: Sequence[RunResult]) -> float | None:
    """The cell's metric as a loss (lower is better), or None if a seed has no value."""
    values = [run.final.get(spec.metric) for run in runs]
    numbers = [v for v in values if isinstance(v, int | float) and math.isfinite(v)]
    if len(numbers) != len(values):
        return None
    mean = math.fsum(numbers) / len(numbers)
    return mean if spec.metric.endswith("_loss") else -mean


def cells_to_cut(spec: SweepSpec, halving: Halving, results: Sequence[RunResult]) -> set[int]:
    """The cells (of those in `results`) in the worst (1 - keep) share by the metric."""
    by_cell: dict[int, list[RunResult]] = {}
    for result in results:
        by_cell.setdefault(result.cell, []).append(result)
    scored = [(_score(spec, runs), cell) for cell, runs in by_cell.items()]
    ranked = sorted(scored, key=lambda item: (item[0] is None, item[0] or 0.0, item[1]))
    cut = min(len(ranked) - 1, math.floor(len(ranked) * (1.0 - halving.keep) + 1e-9))
    return {cell for _, cell in ranked[len(ranked) - cut :]} if cut > 0 else set()


def _ended(result: RunResult, cut_at: int | None) -> RunResult:
    return dataclasses.replace(result, cut_at=cut_at, resume=None)


def run_halving(
    spec: SweepSpec, executor: Executor, on_result: OnResult | None = None
) -> list[RunResult]:
    """Every run of a sweep with `spec.halving`, leg by leg on `executor`; each run is reported
    through `on_result` when it ends (cut, or at the budget). Raises Cancelled as `run` does."""
    assert spec.halving is not None, "run_halving needs a sweep with halving"
    halving = spec.halving
    tasks = list(spec.tasks)
    ended: list[RunResult] = []
    at = 0
    while tasks:
        end = min(at + halving.every, spec.budget)
        legs = [dataclasses.replace(task, until=end) for task in tasks]
        results = executor.run(legs)
        cut = cells_to_cut(spec, halving, results) if end < spec.budget else set()
        going_on = []
        for task, result in zip(tasks, results, strict=True):
            if end < spec.budget and result.cell not in cut:
                going_on.append(dataclasses.replace(task, resume=result.resume))
                continue
            finished = _ended(result, end if result.cell in cut else None)
            ended.append(finished)
            if on_result is not None:
                on_result(finished)
        tasks, at = going_on, end
    return sorted(ended, key=lambda r: r.index)
