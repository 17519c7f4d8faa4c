"""Lesson 6: from the same saturated start, cross-entropy learns far faster than the MSE cost."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Run
from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "cost-slowdown"
LESSON_PRESETS = ("quadratic cost", "cross-entropy")
CHUNK = 10


def squared_error(run: Run) -> float:
    """Mean (a - y)² over the training points: one yardstick for both costs."""
    train = run.points()["train"]
    return float(np.mean((run.predict_proba(train["X"])[:, 0] - np.array(train["y"])) ** 2))


def steps_to_reach(run: Run, target: float, limit: int) -> int:
    """Steps (in CHUNKs) until the squared error falls below `target`; `limit` if never."""
    while squared_error(run) >= target and run.metrics()["step"] < limit:
        run.train(steps=CHUNK)
    return int(run.metrics()["step"])


@pytest.mark.parametrize("seed", SEEDS)
def test_both_presets_start_from_the_same_saturated_wrong_neuron(seed: int) -> None:
    mse, cross_entropy = (preset_run(LESSON, name, seed) for name in LESSON_PRESETS)
    assert mse.weights() == cross_entropy.weights()
    probabilities = mse.predict_proba(mse.points()["train"]["X"])
    assert np.all(probabilities > 0.99)  # "class 1" everywhere, half of it wrong


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy_reaches_the_target_many_times_sooner(seed: int) -> None:
    limit = suggested_steps(LESSON, "quadratic cost")
    slow = steps_to_reach(preset_run(LESSON, "quadratic cost", seed), 0.05, limit)
    fast = steps_to_reach(preset_run(LESSON, "cross-entropy", seed), 0.05, limit)
    assert slow < limit  # the quadratic cost does get there, just late
    assert 5 * fast <= slow


@pytest.mark.parametrize("seed", SEEDS)
def test_the_quadratic_cost_starts_on_a_plateau(seed: int) -> None:
    mse, cross_entropy = (preset_run(LESSON, name, seed) for name in LESSON_PRESETS)
    start = squared_error(mse)
    mse.train(steps=50)
    cross_entropy.train(steps=50)
    assert squared_error(mse) > 0.9 * start
    assert squared_error(cross_entropy) < 0.5 * start
