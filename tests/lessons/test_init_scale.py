"""Lesson 5: N(0, 1) weights saturate a deep tanh network; Xavier and 1/sqrt(n_in) do not."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Run
from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "init-scale"
SCALED = ["Xavier", "1/sqrt(n_in)"]


def saturated_fraction(run: Run, threshold: float, first_layer: bool = True) -> float:
    """Share of hidden activations over the thumbnail grid with |a| > threshold."""
    layers = run.grid(40, neurons=True).neurons[0 if first_layer else 1 :]
    return float(np.mean(np.concatenate([np.abs(a).ravel() for a in layers]) > threshold))


@pytest.mark.parametrize("seed", SEEDS)
def test_unit_normal_weights_saturate_most_hidden_units(seed: int) -> None:
    run = preset_run(LESSON, "N(0, 1) weights", seed)
    assert saturated_fraction(run, 0.9) > 0.55
    assert saturated_fraction(run, 0.99) > 0.35
    run.train(steps=suggested_steps(LESSON, "N(0, 1) weights"))
    assert saturated_fraction(run, 0.9) > 0.55  # training does not pull them out


@pytest.mark.parametrize("name", SCALED)
@pytest.mark.parametrize("seed", SEEDS)
def test_scaled_initialisation_keeps_units_out_of_saturation(name: str, seed: int) -> None:
    run = preset_run(LESSON, name, seed)
    assert saturated_fraction(run, 0.9) < 0.25
    assert saturated_fraction(run, 0.99) < 0.15
    assert saturated_fraction(run, 0.9, first_layer=False) < 0.1
    run.train(steps=suggested_steps(LESSON, name))
    assert saturated_fraction(run, 0.9, first_layer=False) < 0.1
