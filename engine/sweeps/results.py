"""A sweep's results per cell: each seed's final metrics, their mean and spread, and the
ranking of the cells by the chosen metric."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from engine.metrics import SPLIT_METRICS
from engine.sweeps.runner import RunResult
from engine.sweeps.spec import SweepSpec

__all__ = ["summarize"]


def _mean_std(values: list[float | None]) -> tuple[float | None, float | None]:
    """Mean and population standard deviation over the seeds; None if any seed has no value
    (a diverged run makes the cell's figure unknown, not better)."""
    if not values or any(v is None for v in values):
        return None, None
    numbers = [float(v) for v in values if v is not None]
    mean = math.fsum(numbers) / len(numbers)
    var = math.fsum((v - mean) ** 2 for v in numbers) / len(numbers)
    return mean, math.sqrt(var)


def _cell(spec: SweepSpec, index: int, runs: list[RunResult]) -> dict[str, Any]:
    cuts = [run.cut_at for run in runs if run.cut_at is not None]
    cell: dict[str, Any] = {
        "index": index,
        "params": spec.cells[index],
        "cut_at": max(cuts) if cuts else None,
        "runs": runs,
    }
    for key in SPLIT_METRICS:
        mean, std = _mean_std([run.final[key] for run in runs])
        cell[key] = {"mean": mean, "std": std}
    return cell


def summarize(spec: SweepSpec, results: Iterable[RunResult]) -> dict[str, Any]:
    """{"metric", "cells": [...], "ranking": cell indices best first, "best"} over the runs
    finished so far; cells cut by successive halving rank after those that went on (the later
    the cut, the higher), and cells whose metric is unknown rank last."""
    by_cell: dict[int, list[RunResult]] = {}
    for result in sorted(results, key=lambda r: r.index):
        by_cell.setdefault(result.cell, []).append(result)
    cells = [_cell(spec, index, runs) for index, runs in sorted(by_cell.items())]
    sign = 1.0 if spec.metric.endswith("_loss") else -1.0

    def key(cell: dict[str, Any]) -> tuple[bool, int, float, int]:
        mean = cell[spec.metric]["mean"]
        reached = spec.budget if cell["cut_at"] is None else cell["cut_at"]
        return mean is None, -reached, 0.0 if mean is None else sign * mean, cell["index"]

    ranking = [cell["index"] for cell in sorted(cells, key=key)]
    return {
        "metric": spec.metric,
        "cells": cells,
        "ranking": ranking,
        "best": ranking[0] if ranking else None,
    }
