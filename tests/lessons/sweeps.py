"""Shared helpers for the lessons proven by a sweep: run a lesson's sweep under another seed."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.lessons import get_lesson
from engine.sweeps import run_sweep


def lesson_sweep(lesson_id: str, seed: int, **changes: Any) -> dict[str, Any]:
    """The sweep preset of `lesson_id` run in this process with its base seed set to `seed`
    (and any top-level sweep field replaced by `changes`)."""
    sweep = get_lesson(lesson_id)["sweep"]
    sweep["base"]["random_state"] = seed
    sweep.update(changes)
    return run_sweep(sweep)


def metric_table(result: dict[str, Any], rows: int, metric: str) -> np.ndarray:
    """The cells' mean `metric` as a rows x columns array (grid order: the first path varies
    slowest); NaN where a cell has no value."""
    means = [cell[metric]["mean"] for cell in result["cells"]]
    return np.array([np.nan if m is None else m for m in means], dtype=float).reshape(rows, -1)
