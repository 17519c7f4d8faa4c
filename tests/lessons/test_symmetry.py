"""Lesson 3: constant initial weights keep every hidden unit identical; random ones do not."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "symmetry"


@pytest.mark.parametrize("seed", SEEDS)
def test_constant_weights_keep_the_hidden_units_identical_after_training(seed: int) -> None:
    run = preset_run(LESSON, "constant weights", seed)
    start = np.array(run.weights()[0]["W"])
    run.train(steps=suggested_steps(LESSON, "constant weights"))
    hidden, output = run.weights()
    W, b, V = np.array(hidden["W"]), np.array(hidden["b"]), np.array(output["W"])
    assert np.abs(W - start).max() > 0.1  # the weights did move...
    assert np.abs(W - W[0]).max() < 1e-12  # ...but every row moved alike
    assert np.abs(b - b[0]).max() < 1e-12
    assert np.abs(V - V[0, 0]).max() < 1e-12
    thumbnails = run.grid(30, neurons=True).neurons[0]
    assert np.abs(thumbnails - thumbnails[:, :, :1]).max() < 1e-6


@pytest.mark.parametrize("seed", SEEDS)
def test_random_weights_give_every_hidden_unit_its_own_row(seed: int) -> None:
    run = preset_run(LESSON, "random weights", seed)
    run.train(steps=suggested_steps(LESSON, "random weights"))
    W = np.array(run.weights()[0]["W"])
    closest = min(np.abs(a - b).max() for a, b in itertools.combinations(W, 2))
    assert closest > 1e-3  # nine orders of magnitude above the symmetric case


@pytest.mark.parametrize("seed", SEEDS)
def test_only_the_random_start_fences_in_the_crosses(seed: int) -> None:
    constant = preset_run(LESSON, "constant weights", seed)
    random = preset_run(LESSON, "random weights", seed)
    steps = suggested_steps(LESSON, "random weights")
    assert constant.train(steps=steps)["test_accuracy"] < 0.9
    assert random.train(steps=steps)["test_accuracy"] > 0.95
