"""Lesson 4: deep sigmoid gradients vanish towards the input, ReLU's do not; dead ReLUs stay."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from engine import Run
from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "vanishing-gradients"
CHUNKS = 20


def last_to_first_gradient_ratios(run: Run, steps: int) -> list[float]:
    """Train in CHUNKS calls; after each, ||dC/dW|| of the last layer over the first layer's
    (the gradient-flow chart's first and last bars)."""
    ratios = []
    for _ in range(CHUNKS):
        layers = run.train(steps=steps // CHUNKS)["layers"]
        ratios.append(layers[-1]["grad_norm"] / layers[0]["grad_norm"])
    return ratios


def negative_everywhere(run: Run) -> NDArray[np.bool_]:
    """Which first-layer units have z = w·x + b <= 0 on every training point (dead ReLUs)."""
    X = np.array(run.points()["train"]["X"])
    layer = run.weights()[0]
    z = X @ np.array(layer["W"]).T + np.array(layer["b"])
    return np.asarray(np.all(z <= 0.0, axis=0))


def relative_moves(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[float]:
    """||W_after - W_before|| / ||W_before|| per weight layer."""
    moves = []
    for old, new in zip(before, after, strict=True):
        W0, W1 = np.array(old["W"]), np.array(new["W"])
        moves.append(float(np.linalg.norm(W1 - W0) / np.linalg.norm(W0)))
    return moves


@pytest.mark.parametrize("seed", SEEDS)
def test_deep_sigmoid_first_layer_gets_a_hundred_times_less_gradient(seed: int) -> None:
    run = preset_run(LESSON, "deep sigmoid", seed)
    start = run.weights()
    ratios = last_to_first_gradient_ratios(run, suggested_steps(LESSON, "deep sigmoid"))
    assert np.median(ratios) >= 100
    moves = relative_moves(start, run.weights())
    assert moves[0] < moves[-1] / 10  # the first layer barely moves...
    assert run.metrics()["test_accuracy"] < 0.7  # ...and the network does not learn


@pytest.mark.parametrize("name", ["deep ReLU", "deep leaky ReLU"])
@pytest.mark.parametrize("seed", SEEDS)
def test_relu_keeps_the_gradient_flowing_through_every_layer(name: str, seed: int) -> None:
    run = preset_run(LESSON, name, seed)
    ratios = last_to_first_gradient_ratios(run, suggested_steps(LESSON, name))
    assert 0.05 < np.median(ratios) < 10
    assert run.metrics()["test_accuracy"] > 0.9


@pytest.mark.parametrize("seed", SEEDS)
def test_dead_relu_units_stay_dead_and_never_move(seed: int) -> None:
    run = preset_run(LESSON, "dead ReLU", seed)
    dead = negative_everywhere(run)  # dead from the start
    assert dead.any()
    assert not dead.all()
    assert run.metrics()["layers"][0]["dead_fraction"] == pytest.approx(dead.mean())
    before = np.array(run.weights()[0]["W"])[dead]
    run.train(steps=suggested_steps(LESSON, "dead ReLU"))
    assert np.array_equal(np.array(run.weights()[0]["W"])[dead], before)  # no gradient reached them
    assert np.all(negative_everywhere(run)[dead])
    assert run.metrics()["layers"][0]["dead_fraction"] >= dead.mean()
