"""Lesson 9: a softmax output learns the three-arm spiral, and its probabilities sum to one."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Run
from engine.inspect import grid_points
from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "softmax"
PRESET = "three-arm spiral"


@pytest.fixture(params=SEEDS, scope="module")
def trained(request: pytest.FixtureRequest) -> Run:
    run = preset_run(LESSON, PRESET, request.param)
    run.train(steps=suggested_steps(LESSON, PRESET))
    return run


def test_the_spiral_is_learned(trained: Run) -> None:
    assert trained.metrics()["test_accuracy"] > 0.9


def test_probabilities_sum_to_one_at_every_pixel(trained: Run) -> None:
    probabilities = trained.predict_proba(grid_points(100))
    assert probabilities.shape == (100 * 100, 3)
    assert np.all(probabilities >= 0.0)
    assert np.abs(probabilities.sum(axis=1) - 1.0).max() < 1e-9
    shown = trained.grid(50).output  # what the page paints, in float32
    assert np.abs(shown.sum(axis=2) - 1.0).max() < 1e-5


def test_every_arm_owns_part_of_the_plane(trained: Run) -> None:
    winners = trained.predict_proba(grid_points(100)).argmax(axis=1)
    assert set(np.unique(winners)) == {0, 1, 2}
