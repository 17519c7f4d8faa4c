"""Output heads and costs: every (head, cost) pair's output error against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from engine.losses import LOSSES, OUTPUTS, get_loss, get_output, softmax
from tests.engine.gradcheck import numeric_gradient, relative_error

PAIRS = [(output, loss) for output, cls in OUTPUTS.items() for loss in cls.losses]
K = 3


def example(output: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Logits z (5, units) and targets for head `output`."""
    head = get_output(output)
    units = head.n_units(0 if output == "regression" else (2 if output == "binary" else K))
    z = rng.normal(0.0, 1.5, size=(5, units))
    if output == "regression":
        y = rng.normal(size=5)
    else:
        y = rng.integers(0, 2 if output == "binary" else K, size=5)
    return z, head.targets(y, 2 if output == "binary" else K)


@pytest.mark.parametrize(("output", "loss"), PAIRS)
def test_output_error_matches_finite_differences(output: str, loss: str) -> None:
    head, cost = get_output(output), get_loss(loss)
    z, t = example(output, np.random.default_rng(3))

    def value() -> float:
        return cost.value(head.activation, z, head.forward(z, np.empty_like(z)), t)

    yhat = head.forward(z, np.empty_like(z))
    delta = cost.delta(head.activation, z, yhat, t, np.empty_like(z))
    # value is the mean over the 5 rows, so its gradient is delta / 5.
    assert relative_error(delta / len(z), numeric_gradient(value, z)) < 1e-6


@pytest.mark.parametrize("output", ["binary", "multiclass", "multilabel"])
def test_cross_entropy_error_is_yhat_minus_y(output: str) -> None:
    head = get_output(output)
    z, t = example(output, np.random.default_rng(4))
    yhat = head.forward(z, np.empty_like(z))
    delta = get_loss("cross_entropy").delta(head.activation, z, yhat, t, np.empty_like(z))
    np.testing.assert_array_equal(delta, yhat - t)


def test_quadratic_cost_slows_down_when_sigmoid_saturates() -> None:
    head = get_output("binary")
    z, t = np.array([[6.0]]), np.array([[0.0]])
    yhat = head.forward(z, np.empty_like(z))
    mse = get_loss("mse").delta("sigmoid", z, yhat, t, np.empty_like(z))
    ce = get_loss("cross_entropy").delta("sigmoid", z, yhat, t, np.empty_like(z))
    assert abs(mse[0, 0]) < 0.01 < 0.99 < abs(ce[0, 0])


def test_cross_entropy_is_finite_for_saturated_logits() -> None:
    z = np.array([[800.0, -800.0, 0.0]])
    t = np.array([[0.0, 1.0, 0.0]])
    for output in ("multiclass", "multilabel"):
        head = get_output(output)
        value = get_loss("cross_entropy").value(head.activation, z, head.forward(z, z.copy()), t)
        assert np.isfinite(value) and value > 100


def test_softmax_rows_sum_to_one_and_match_definition() -> None:
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 0.0]])
    a = softmax(z, np.empty_like(z))
    np.testing.assert_allclose(a.sum(axis=1), 1.0)
    np.testing.assert_allclose(a[0], np.exp(z[0]) / np.exp(z[0]).sum())


def test_targets_and_predictions_per_head() -> None:
    y = np.array([0, 2, 1])
    np.testing.assert_array_equal(get_output("multiclass").targets(y, 3), np.eye(3)[y])
    np.testing.assert_array_equal(get_output("multilabel").targets(y, 3), np.eye(3)[y])
    np.testing.assert_array_equal(get_output("binary").targets(np.array([0, 1]), 2), [[0], [1]])
    yhat = np.array([[0.2, 0.7, 0.1], [0.5, 0.1, 0.4]])
    np.testing.assert_array_equal(get_output("multiclass").predict(yhat), [1, 0])
    np.testing.assert_array_equal(get_output("binary").predict(np.array([[0.5], [0.49]])), [1, 0])
    assert get_output("regression").accuracy(np.zeros((2, 1)), np.zeros(2)) is None
    assert get_output("binary").accuracy(np.array([[0.9], [0.2]]), np.array([1, 1])) == 0.5


def test_cross_entropy_refuses_a_linear_output() -> None:
    with pytest.raises(ValueError, match="use mse for regression"):
        get_loss("cross_entropy").value(
            "linear", np.zeros((1, 1)), np.zeros((1, 1)), np.zeros((1, 1))
        )


def test_unknown_names_raise_listing_choices() -> None:
    with pytest.raises(ValueError, match="binary, multiclass, multilabel, regression"):
        get_output("ordinal")
    with pytest.raises(ValueError, match="cross_entropy, mse"):
        get_loss("hinge")
    assert set(LOSSES) == {"cross_entropy", "mse"}
