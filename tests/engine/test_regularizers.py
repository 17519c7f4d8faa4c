"""Weight penalties: gradients against finite differences, weights only, the course's L2 rule."""

from __future__ import annotations

import numpy as np
import pytest

from engine.regularizers import REGULARIZERS, get_regularizer
from tests.engine.gradcheck import numeric_gradient, relative_error

LAMBDA, N = 0.3, 50


def setup() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    params = rng.normal(size=12)
    params[np.abs(params) < 0.05] = 0.5  # keep L1 away from its kink at 0
    mask = np.ones(12)
    mask[[3, 7, 11]] = 0.0  # three biases
    return params, mask * LAMBDA / N


@pytest.mark.parametrize("name", REGULARIZERS)
def test_gradient_matches_finite_differences(name: str) -> None:
    reg = get_regularizer(name)
    params, coef = setup()
    grad = np.zeros_like(params)
    reg.add_grad(params, coef, grad, np.empty_like(params))
    numeric = numeric_gradient(lambda: reg.penalty(params, coef), params)
    if name == "none":
        assert not reg.active and np.all(grad == 0) and np.all(numeric == 0)
    else:
        assert relative_error(grad, numeric) < 1e-6


@pytest.mark.parametrize("name", ["l1", "l2"])
def test_biases_are_not_penalised(name: str) -> None:
    params, coef = setup()
    grad = np.zeros_like(params)
    get_regularizer(name).add_grad(params, coef, grad, np.empty_like(params))
    assert np.all(grad[[3, 7, 11]] == 0.0)
    assert np.all(grad[[0, 1, 2]] != 0.0)


def test_penalties_match_their_definitions() -> None:
    params, coef = setup()
    weights = params[coef > 0]
    assert get_regularizer("l2").penalty(params, coef) == pytest.approx(
        LAMBDA / (2 * N) * np.sum(weights**2)
    )
    assert get_regularizer("l1").penalty(params, coef) == pytest.approx(
        LAMBDA / N * np.sum(np.abs(weights))
    )


def test_l2_with_sgd_is_weight_decay() -> None:
    """w <- (1 - eta lambda / n) w - eta dC0/dw."""
    params, coef = setup()
    data_grad = np.random.default_rng(2).normal(size=params.shape)
    grad = data_grad.copy()
    get_regularizer("l2").add_grad(params, coef, grad, np.empty_like(params))
    eta = 0.1
    updated = params - eta * grad
    weights = coef > 0
    expected = (1 - eta * LAMBDA / N) * params - eta * data_grad
    np.testing.assert_allclose(updated[weights], expected[weights], rtol=1e-13)
    np.testing.assert_allclose(updated[~weights], (params - eta * data_grad)[~weights])


def test_unknown_regularizer_raises_listing_choices() -> None:
    with pytest.raises(ValueError, match="none, l1, l2"):
        get_regularizer("elastic")
