"""Lesson 8: too small a learning rate crawls, a good one converges, too large a one diverges."""

from __future__ import annotations

import pytest

from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "learning-rate"


@pytest.mark.parametrize("seed", SEEDS)
def test_too_small_a_rate_barely_moves_the_loss(seed: int) -> None:
    run = preset_run(LESSON, "too small", seed)
    start = run.metrics()["train_loss"]
    metrics = run.train(steps=suggested_steps(LESSON, "too small"))
    assert metrics["status"] == "idle"
    assert start > metrics["train_loss"] > 0.75 * start


@pytest.mark.parametrize("seed", SEEDS)
def test_a_well_chosen_rate_converges(seed: int) -> None:
    run = preset_run(LESSON, "well chosen", seed)
    start = run.metrics()["train_loss"]
    metrics = run.train(steps=suggested_steps(LESSON, "well chosen"))
    assert metrics["status"] == "idle"
    assert metrics["train_loss"] < 0.1 * start
    assert metrics["test_accuracy"] > 0.9


@pytest.mark.parametrize("seed", SEEDS)
def test_too_large_a_rate_diverges_and_raises_the_banner(seed: int) -> None:
    run = preset_run(LESSON, "too large", seed)
    metrics = run.train(steps=suggested_steps(LESSON, "too large"))
    assert metrics["status"] == "diverged"
    assert 0 < metrics["diverged_at"] <= 50
    assert metrics["step"] == metrics["diverged_at"]  # training stopped there
    assert run.train(steps=10)["step"] == metrics["step"]  # and stays stopped
