"""Stacked training gives every run the numbers it gets when trained alone."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from engine.run import Run
from engine.sweeps import SequentialExecutor, parse_sweep, run_sweep, run_task
from engine.sweeps.runner import RunResult
from engine.sweeps.stacked import StackedRuns, run_stacked, stack_key

TOLERANCE = 1e-12
SMALL: dict[str, Any] = {"data": {"n_samples": 100}}


def _close(a: Any, b: Any) -> bool:
    """Equal, with floats allowed to differ by TOLERANCE."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=0.0, abs_tol=TOLERANCE)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _same(alone: list[RunResult], stacked: list[RunResult]) -> None:
    assert len(alone) == len(stacked)
    for a, b in zip(alone, stacked, strict=True):
        assert (a.index, a.cell, a.seed) == (b.index, b.cell, b.seed)
        assert _close(a.final, b.final), (a.final, b.final)
        assert _close(a.curve, b.curve)
        assert a.thumbnail == b.thumbnail


@pytest.mark.parametrize(
    ("base", "grid"),
    [
        ({}, {"training.learning_rate": [0.03, 0.3], "training.momentum": [0.0, 0.9]}),
        (
            {"training": {"regularization": "l2"}, "network": {"activation": "relu"}},
            {"training.alpha": [0.0, 0.01, 1.0]},
        ),
        (
            {"network": {"activation": ["sigmoid", "linear"]}, "training": {"nesterov": True}},
            {"training.momentum": [0.0, 0.5]},
        ),
        ({"training": {"batch_size": 7}}, {"training.learning_rate": [0.01, 0.1]}),
        ({"training": {"batch_size": 500}}, {"training.learning_rate": [0.1, 1.0]}),
        ({"network": {"loss": "mse"}}, {"training.learning_rate": [0.1, 1.0]}),
        (
            {"data": {"dataset": "plane"}, "network": {"output": "regression", "loss": "mse"}},
            {"training.learning_rate": [0.003, 0.01]},
        ),
    ],
)
def test_stacked_runs_match_runs_trained_alone(base: dict[str, Any], grid: dict[str, Any]) -> None:
    spec = parse_sweep(
        {
            "base": {**base, "data": {**SMALL["data"], **base.get("data", {})}},
            "grid": grid,
            "seeds": 2,
            "budget": {"epochs": 6},
            "curve_points": 3,
            "thumbnail": 8,
        }
    )
    assert all(stack_key(task) is not None for task in spec.tasks)
    _same([run_task(task) for task in spec.tasks], run_stacked(spec.tasks))


def test_the_stack_trains_each_run_like_its_own_trainer() -> None:
    configs = [
        {**SMALL, "random_state": seed, "training": {"learning_rate": rate, "momentum": 0.5}}
        for seed, rate in ((0, 0.03), (1, 0.1), (2, 0.3))
    ]
    alone, together = [Run(c) for c in configs], [Run(c) for c in configs]
    stack = StackedRuns(together)
    stack.train(25)
    for run, row in zip(alone, stack.params, strict=True):
        run.train(steps=25)
        assert np.array_equal(run.net.params, row)
        assert run.trainer.epoch == stack.epoch and run.trainer.step == stack.step


def test_a_run_that_diverges_in_the_stack_is_trained_again_alone() -> None:
    spec = parse_sweep(
        {
            "base": {**SMALL, "network": {"activation": "linear"}},
            "grid": {"training.learning_rate": [0.03, 10.0]},
            "seeds": 2,
            "budget": {"epochs": 4},
            "curve_points": 4,
        }
    )
    alone = [run_task(task) for task in spec.tasks]
    assert {r.final["status"] for r in alone} == {"idle", "diverged"}
    _same(alone, run_stacked(spec.tasks))


def test_runs_the_stack_does_not_support_train_alone_with_their_own_numbers() -> None:
    spec = parse_sweep(
        {
            "base": SMALL,
            "grid": {"training.optimizer": ["adam", "sgd"]},
            "seeds": 2,
            "budget": {"epochs": 3},
        }
    )
    assert [stack_key(task) is None for task in spec.tasks] == [True, True, False, False]
    _same([run_task(task) for task in spec.tasks], run_stacked(spec.tasks))


def test_a_stacked_sweep_ranks_like_the_one_at_a_time_sweep() -> None:
    body = {"base": SMALL, "grid": {"training.learning_rate": [0.01, 0.3]}, "budget": {"epochs": 5}}
    alone = run_sweep(body, SequentialExecutor())
    stacked = run_sweep(body, SequentialExecutor(stacked=True))
    assert alone["ranking"] == stacked["ranking"]
    _same(
        [r for c in alone["cells"] for r in c["runs"]],
        [r for c in stacked["cells"] for r in c["runs"]],
    )
