"""Lesson 2: a deep all-linear network is one affine map, so its boundary is a straight line."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from engine import Run
from engine.inspect import grid_points
from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "linear-collapse"
FloatArray = NDArray[np.float64]


def logits_on_grid(run: Run, resolution: int = 30) -> tuple[FloatArray, FloatArray]:
    """The grid points (n, 2) and the output neuron's weighted input z^[L] at each of them."""
    points = grid_points(resolution)
    z = np.array([run.trace(x1, x2)["layers"][-1]["z"][0] for x1, x2 in points])
    return points, z


def affine_residual(points: FloatArray, z: FloatArray) -> float:
    """Largest error of the least-squares fit z ≈ c1 x1 + c2 x2 + c0."""
    design = np.column_stack([points, np.ones(len(points))])
    coef = np.linalg.lstsq(design, z, rcond=None)[0]
    return float(np.abs(design @ coef - z).max())


@pytest.mark.parametrize("seed", SEEDS)
def test_a_deep_linear_network_computes_an_affine_logit(seed: int) -> None:
    run = preset_run(LESSON, "deep linear", seed)
    run.train(steps=suggested_steps(LESSON, "deep linear"))
    points, z = logits_on_grid(run)
    assert np.ptp(z) > 0.1  # it has learned something, not a constant
    assert affine_residual(points, z) < 1e-9 * max(1.0, float(np.abs(z).max()))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_same_depth_with_tanh_bends_the_boundary(seed: int) -> None:
    run = preset_run(LESSON, "same depth, tanh", seed)
    run.train(steps=suggested_steps(LESSON, "same depth, tanh"))
    points, z = logits_on_grid(run)
    assert affine_residual(points, z) > 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_depth_helps_only_with_a_non_linear_activation(seed: int) -> None:
    linear = preset_run(LESSON, "deep linear", seed)
    tanh = preset_run(LESSON, "same depth, tanh", seed)
    linear_accuracy = linear.train(steps=suggested_steps(LESSON, "deep linear"))["test_accuracy"]
    tanh_accuracy = tanh.train(steps=suggested_steps(LESSON, "same depth, tanh"))["test_accuracy"]
    assert linear_accuracy < 0.7
    assert tanh_accuracy > 0.95
