"""Per-cell summaries: mean and spread over seeds, ranking by the chosen metric."""

from __future__ import annotations

import math
from typing import Any

from engine.sweeps import parse_sweep, run_sweep, run_task
from engine.sweeps.results import summarize
from engine.sweeps.runner import RunResult

SMALL: dict[str, Any] = {
    "base": {"data": {"n_samples": 100}},
    "budget": {"epochs": 3},
    "curve_points": 3,
    "thumbnail": 6,
}


def _result(index: int, cell: int, val_loss: float | None) -> RunResult:
    final = {key: 0.5 for key in ("train_loss", "test_loss", "train_accuracy")}
    final |= {"val_accuracy": 0.5, "test_accuracy": 0.5, "val_loss": val_loss}
    return RunResult(index, cell, index, final)


def test_cells_get_the_mean_and_population_spread_of_their_seeds() -> None:
    spec = parse_sweep({**SMALL, "grid": {"training.alpha": [0.0, 0.1]}, "seeds": 2})
    summary = summarize(spec, [_result(0, 0, 1.0), _result(1, 0, 3.0), _result(2, 1, 0.5)])
    first = summary["cells"][0]
    assert first["val_loss"] == {"mean": 2.0, "std": 1.0}
    assert summary["ranking"] == [1, 0] and summary["best"] == 1


def test_a_cell_with_a_diverged_seed_ranks_last() -> None:
    spec = parse_sweep({**SMALL, "grid": {"training.alpha": [0.0, 0.1]}, "seeds": 1})
    summary = summarize(spec, [_result(0, 0, None), _result(1, 1, 9.0)])
    assert summary["cells"][0]["val_loss"] == {"mean": None, "std": None}
    assert summary["ranking"] == [1, 0]


def test_accuracy_ranks_highest_first() -> None:
    body = {**SMALL, "grid": {"training.learning_rate": [1e-5, 0.3]}, "metric": "train_accuracy"}
    summary = run_sweep({**body, "budget": {"epochs": 30}})
    assert summary["ranking"] == [1, 0]


def test_a_run_is_the_same_wherever_it_is_repeated() -> None:
    task = parse_sweep({**SMALL, "seeds": [7]}).tasks[0]
    assert run_task(task) == run_task(task)
    assert task.config["random_state"] == 7


def test_spread_over_seeds_is_nonzero_for_different_seeds() -> None:
    summary = run_sweep({**SMALL, "seeds": 3})
    spread = summary["cells"][0]["val_loss"]["std"]
    assert spread is not None and spread > 0 and math.isfinite(spread)
