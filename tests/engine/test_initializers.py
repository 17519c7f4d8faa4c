"""Initialisers: shapes, the spread each formula promises, and seeded reproducibility."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.initializers import INITIALIZERS, get_initializer

FAN_IN, FAN_OUT = 40, 60
SHAPE = (FAN_OUT, FAN_IN)

# (kind, parameter): a normal's std or a uniform's limit, for scale = 0.7.
EXPECTED = {
    "zeros": ("constant", 0.0),
    "constant": ("constant", 0.7),
    "random_normal": ("normal", 0.7),
    "random_uniform": ("uniform", 0.7),
    "lecun_normal": ("normal", 1 / math.sqrt(FAN_IN)),
    "glorot_uniform": ("uniform", math.sqrt(6 / (FAN_IN + FAN_OUT))),
    "glorot_normal": ("normal", math.sqrt(2 / (FAN_IN + FAN_OUT))),
    "he_uniform": ("uniform", math.sqrt(6 / FAN_IN)),
    "he_normal": ("normal", math.sqrt(2 / FAN_IN)),
}


def draw(name: str, seed: int = 0) -> np.ndarray:
    return get_initializer(name).draw(np.random.default_rng(seed), SHAPE, FAN_IN, FAN_OUT, 0.7)


def test_every_initializer_has_an_expectation() -> None:
    assert set(EXPECTED) == set(INITIALIZERS)


@pytest.mark.parametrize("name", INITIALIZERS)
def test_values_follow_the_formula(name: str) -> None:
    values = draw(name)
    kind, parameter = EXPECTED[name]
    assert values.shape == SHAPE
    if kind == "constant":
        assert np.all(values == parameter)
    elif kind == "uniform":
        assert np.all(np.abs(values) <= parameter)
        assert np.max(np.abs(values)) > 0.98 * parameter
        assert np.std(values) == pytest.approx(parameter / math.sqrt(3), rel=0.05)
    else:
        assert np.mean(values) == pytest.approx(0.0, abs=0.1 * parameter)
        assert np.std(values) == pytest.approx(parameter, rel=0.05)


@pytest.mark.parametrize("name", INITIALIZERS)
def test_same_seed_same_values(name: str) -> None:
    np.testing.assert_array_equal(draw(name, 5), draw(name, 5))


def test_unknown_initializer_raises_listing_choices() -> None:
    with pytest.raises(ValueError, match="zeros, constant, random_normal"):
        get_initializer("orthogonal")
