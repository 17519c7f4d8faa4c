"""Lesson 1: one neuron cannot separate circles from crosses; two tanh units draw P1 and P2."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from engine.datasets import CROSS_LINES, cross_margin
from engine.inspect import grid_points
from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "hidden-layer"
RESOLUTION = 100
FloatArray = NDArray[np.float64]


def zero_crossings(activation: FloatArray) -> FloatArray:
    """Points (x1, x2) where a unit's grid activation changes sign between neighbouring pixels,
    placed by linear interpolation along the row or column."""
    r = len(activation)
    points = grid_points(r).reshape(r, r, 2)
    found = []
    for axis in (0, 1):
        a0, a1 = activation.take(range(r - 1), axis), activation.take(range(1, r), axis)
        p0, p1 = points.take(range(r - 1), axis), points.take(range(1, r), axis)
        change = a0 * a1 < 0
        fraction = (a0[change] / (a0[change] - a1[change]))[:, None]
        found.append(p0[change] + fraction * (p1[change] - p0[change]))
    return np.concatenate(found)


def fit_line(points: FloatArray) -> tuple[float, float, float]:
    """Total least squares: (slope, intercept, largest distance of a point from the line)."""
    centre = points.mean(axis=0)
    normal = np.linalg.svd(points - centre)[2][-1]
    distance = float(np.abs((points - centre) @ normal).max())
    slope = -normal[0] / normal[1]
    return float(slope), float(centre[1] - slope * centre[0]), distance


@pytest.mark.parametrize("seed", SEEDS)
def test_without_a_hidden_layer_the_crosses_cannot_be_separated(seed: int) -> None:
    run = preset_run(LESSON, "no hidden layer", seed)
    metrics = run.train(steps=suggested_steps(LESSON, "no hidden layer"))
    assert metrics["test_accuracy"] < 0.85


@pytest.mark.parametrize("seed", SEEDS)
def test_two_tanh_units_separate_the_crosses(seed: int) -> None:
    run = preset_run(LESSON, "two tanh units", seed)
    metrics = run.train(steps=suggested_steps(LESSON, "two tanh units"))
    assert metrics["test_accuracy"] > 0.95


@pytest.mark.parametrize("seed", SEEDS)
def test_the_two_hidden_thumbnails_show_the_lines_p1_and_p2(seed: int) -> None:
    run = preset_run(LESSON, "two tanh units", seed)
    run.train(steps=suggested_steps(LESSON, "two tanh units"))
    hidden = run.grid(RESOLUTION, neurons=True).neurons[0].astype(np.float64)
    lines = []
    for unit in range(2):
        crossings = zero_crossings(hidden[:, :, unit])
        assert len(crossings) > RESOLUTION
        slope, intercept, distance = fit_line(crossings)
        assert distance < 0.01  # the zero-level set is a straight line
        lines.append((slope, intercept))
    lines.sort()  # P1 has the smaller slope
    for (slope, intercept), (true_slope, true_intercept) in zip(lines, CROSS_LINES, strict=True):
        assert slope == pytest.approx(true_slope, abs=0.15)
        assert intercept == pytest.approx(true_intercept, abs=0.5)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_output_marks_crosses_above_p1_and_below_p2(seed: int) -> None:
    run = preset_run(LESSON, "two tanh units", seed)
    run.train(steps=suggested_steps(LESSON, "two tanh units"))
    points = grid_points(RESOLUTION)
    in_band = cross_margin(points) > 0
    assert np.mean(run.predict(points) == in_band) > 0.95
