"""Every hidden activation: its derivative against finite differences, and its shape."""

from __future__ import annotations

import numpy as np
import pytest

from engine.activations import ACTIVATIONS, get_activation
from tests.engine import reference
from tests.engine.gradcheck import precise_numeric_gradient, relative_error

# Away from the kinks of step, relu and leaky_relu at z = 0.
Z = np.array([-3.1, -1.7, -0.6, -0.2, 0.3, 0.8, 1.4, 2.9])


def finite_difference(name: str, z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    g = get_activation(name, 0.05)
    return (g(z + h) - g(z - h)) / (2 * h)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_derivative_matches_finite_differences(name: str) -> None:
    g = get_activation(name, 0.05)
    numeric = finite_difference(name, Z)
    if name == "step":
        assert np.all(g.grad(Z) == 0.0)
        assert np.all(numeric == 0.0)
    else:
        assert relative_error(g.grad(Z), numeric) < 1e-7


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_forward_may_write_into_its_input(name: str) -> None:
    g = get_activation(name, 0.05)
    expected = g(Z.copy())
    z = Z.copy()
    g.forward(z, z)
    np.testing.assert_array_equal(z, expected)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_float32_stays_float32(name: str) -> None:
    z = Z.astype(np.float32)
    out = get_activation(name).forward(z, np.empty_like(z))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, get_activation(name)(Z), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("name", "z", "value"),
    [
        ("linear", -2.0, -2.0),
        ("step", 0.0, 1.0),
        ("step", -1e-9, 0.0),
        ("sigmoid", 0.0, 0.5),
        ("tanh", 0.0, 0.0),
        ("relu", -1.0, 0.0),
        ("relu", 2.0, 2.0),
        ("leaky_relu", -2.0, -0.1),
        ("elu", -1.0, np.exp(-1.0) - 1.0),
        ("softplus", 0.0, np.log(2.0)),
        ("gelu", 1.0, 0.5 * (1 + np.tanh(np.sqrt(2 / np.pi) * (1 + 0.044715)))),
    ],
)
def test_known_values(name: str, z: float, value: float) -> None:
    assert get_activation(name, 0.05)(np.array([z]))[0] == pytest.approx(value, rel=1e-12)


def test_sigmoid_does_not_overflow() -> None:
    g = get_activation("sigmoid")
    with np.errstate(all="raise"):
        out = g(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(out, [0.0, 1.0])


SATURATED = [-700.0, -100.0, -40.0, -37.5, -30.0, 30.0, 37.5, 40.0, 100.0, 700.0]
REFERENCES = {
    "sigmoid": (reference.sigmoid, reference.sigmoid_slope),
    "softplus": (reference.softplus, reference.sigmoid),
    "elu": (reference.elu, reference.elu_slope),
}


def assert_close_per_entry(actual: np.ndarray, expected: np.ndarray, rtol: float) -> None:
    """Every entry within rtol of its own reference value (not of the largest one)."""
    np.testing.assert_array_less(np.abs(actual - expected), rtol * np.abs(expected) + 1e-300)


@pytest.mark.parametrize("name", REFERENCES)
def test_saturated_values_and_slopes_match_a_high_precision_reference(name: str) -> None:
    g, (value, slope) = get_activation(name), REFERENCES[name]
    z = np.array(SATURATED)
    assert_close_per_entry(g(z), np.array([value(v) for v in SATURATED]), 1e-13)
    assert_close_per_entry(g.grad(z), np.array([slope(v) for v in SATURATED]), 1e-13)


MODERATELY_SATURATED = [
    *(("sigmoid", z) for z in (-25.0, -18.0, -12.0, -6.0)),
    *(("softplus", z) for z in (-25.0, -18.0, -12.0, 12.0, 18.0, 25.0)),
]


@pytest.mark.parametrize(("name", "z"), MODERATELY_SATURATED)
def test_slope_matches_finite_differences_where_the_unit_saturates(name: str, z: float) -> None:
    g, x = get_activation(name), np.array([z])
    numeric = precise_numeric_gradient(lambda: float(g(x)[0]), x)
    assert relative_error(g.grad(x), numeric) < 1e-10


def test_sigmoid_slope_is_even_so_the_upper_tail_is_as_exact_as_the_lower() -> None:
    # Finite differences cannot resolve g'(z) where g(z) is near 1 (so not elu's lower tail
    # either, near -1); g'(z) = g'(-z) carries the check over from the lower tail.
    g = get_activation("sigmoid")
    z = np.array([6.0, 12.0, 18.0, 25.0, 40.0])
    np.testing.assert_allclose(g.grad(z), g.grad(-z), rtol=1e-15)


def test_leaky_slope_is_used_for_negative_inputs() -> None:
    g = get_activation("leaky_relu", 0.2)
    np.testing.assert_allclose(g.grad(np.array([-1.0, 1.0])), [0.2, 1.0])


def test_unknown_activation_raises_listing_choices() -> None:
    with pytest.raises(ValueError, match="choose one of: linear, step, sigmoid, tanh, relu"):
        get_activation("swish")
