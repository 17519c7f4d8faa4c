"""Lesson 7: batch size 1 is noisy but goes furthest per epoch; the full batch is the reverse."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Run
from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "batch-size"
STOCHASTIC, MINI, FULL = "stochastic (batch 1)", "mini-batch (10)", "full batch"
EPOCHS = 20


def share_of_steps_that_raise_the_loss(run: Run, steps: int = 200) -> float:
    """Train one step at a time; the fraction of steps after which the training loss rose."""
    losses = [run.metrics()["train_loss"]]
    for _ in range(steps):
        losses.append(run.train(steps=1)["train_loss"])
    return float(np.mean(np.diff(losses) > 0))


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_size_one_is_noisy_and_the_full_batch_smooth(seed: int) -> None:
    stochastic = share_of_steps_that_raise_the_loss(preset_run(LESSON, STOCHASTIC, seed))
    mini = share_of_steps_that_raise_the_loss(preset_run(LESSON, MINI, seed))
    full = share_of_steps_that_raise_the_loss(preset_run(LESSON, FULL, seed))
    assert stochastic > 0.2
    assert full <= 0.01
    assert full < mini < stochastic


@pytest.mark.parametrize("seed", SEEDS)
def test_smaller_batches_go_further_per_epoch(seed: int) -> None:
    losses = {}
    for name in (STOCHASTIC, MINI, FULL):
        metrics = preset_run(LESSON, name, seed).train(epochs=EPOCHS)
        assert metrics["epoch"] == EPOCHS
        losses[name] = metrics["train_loss"]
    assert losses[STOCHASTIC] < 0.5 * losses[FULL]
    assert losses[STOCHASTIC] < losses[MINI] < losses[FULL]


def test_the_suggested_steps_are_the_same_number_of_epochs() -> None:
    for name in (STOCHASTIC, MINI, FULL):
        metrics = preset_run(LESSON, name, 0).train(epochs=EPOCHS)
        assert metrics["step"] == suggested_steps(LESSON, name)
