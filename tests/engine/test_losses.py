"""Output heads and costs: every (head, cost) pair's output error against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from engine.losses import LOSSES, OUTPUTS, get_loss, get_output, softmax
from tests.engine import reference
from tests.engine.gradcheck import numeric_gradient, precise_numeric_gradient, relative_error

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
    np.testing.assert_allclose(delta, yhat - t, rtol=0, atol=1e-15)


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


# One row of logits and its label per case: the true class saturated (a tiny cost) or a wrong
# class saturated (a cost of about |z|), up to |z| = 700.
SATURATED: dict[str, list[tuple[list[float], int]]] = {
    "binary": [([z], label) for z in (-700.0, -40.0, -30.0, 30.0, 40.0, 700.0) for label in (0, 1)],
    "multiclass": [
        ([40.0, 0.0, -5.0], 0),
        ([30.0, 29.0, -30.0], 0),
        ([-700.0, 700.0, 0.0], 1),
        ([0.0, -40.0, 40.0], 2),
        ([40.0, 0.0, -5.0], 1),
        ([-30.0, 0.0, 30.0], 0),
    ],
    "multilabel": [
        ([40.0, -40.0, -30.0], 0),
        ([-700.0, 700.0, -700.0], 1),
        ([30.0, -30.0, 40.0], 0),
    ],
}
SATURATED_CASES = [
    (output, loss, z, label) for output, loss in PAIRS for z, label in SATURATED.get(output, [])
]


def row(output: str, z: list[float], label: int) -> tuple[np.ndarray, np.ndarray]:
    """Logits (1, units) and the one-row targets of `label` for head `output`."""
    return np.array([z]), get_output(output).targets(np.array([label]), max(2, len(z)))


def assert_close_per_entry(actual: np.ndarray, expected: np.ndarray, rtol: float) -> None:
    """Every entry within rtol of its own reference value (not of the largest one)."""
    np.testing.assert_array_less(np.abs(actual - expected), rtol * np.abs(expected) + 1e-300)


@pytest.mark.parametrize(("output", "loss", "z", "label"), SATURATED_CASES)
def test_saturated_cost_matches_a_high_precision_reference(
    output: str, loss: str, z: list[float], label: int
) -> None:
    head, cost = get_output(output), get_loss(loss)
    logits, t = row(output, z, label)
    value = cost.value(head.activation, logits, head.forward(logits, np.empty_like(logits)), t)
    expected = reference.cost(loss, head.activation, z, list(t[0]))
    assert abs(value - expected) <= 1e-13 * abs(expected) + 1e-300


@pytest.mark.parametrize(("output", "loss", "z", "label"), SATURATED_CASES)
def test_saturated_output_error_matches_a_high_precision_reference(
    output: str, loss: str, z: list[float], label: int
) -> None:
    head, cost = get_output(output), get_loss(loss)
    logits, t = row(output, z, label)
    yhat = head.forward(logits, np.empty_like(logits))
    delta = cost.delta(head.activation, logits, yhat, t, np.empty_like(logits))
    expected = reference.output_error(loss, head.activation, z, list(t[0]))
    assert_close_per_entry(delta[0], expected, 1e-12)


# Moderately saturated rows where the cost is well scaled against its slope, so five-point
# differences of the cost resolve the gradient to 1e-10. The true class saturated: the cost
# is tiny, for every pair. A wrong class saturated: the cross-entropy is about |z| with a
# slope near 1; the quadratic cost is then near 1/2 with a slope of e^-|z|, out of reach.
TRUE_CLASS_SATURATED: dict[str, list[tuple[list[float], int]]] = {
    "binary": [([18.0], 1), ([-12.0], 0)],
    "multiclass": [([18.0, 0.0, -3.0], 0), ([12.0, 11.0, -12.0], 0)],
    "multilabel": [([18.0, -18.0, -12.0], 0)],
    "regression": [([3.0], 0)],
}
WRONG_CLASS_SATURATED: dict[str, list[tuple[list[float], int]]] = {
    "binary": [([-18.0], 1), ([12.0], 0)],
    "multiclass": [([-6.0, 0.0, 14.0], 0), ([12.0, 11.0, -12.0], 2)],
    "multilabel": [([12.0, -12.0, 18.0], 1)],
}


MODERATE_CASES = [
    (output, loss, z, label)
    for output, loss in PAIRS
    for z, label in TRUE_CLASS_SATURATED[output]
    + (WRONG_CLASS_SATURATED[output] if loss == "cross_entropy" else [])
]


@pytest.mark.parametrize(("output", "loss", "z", "label"), MODERATE_CASES)
def test_output_error_matches_finite_differences_at_moderate_saturation(
    output: str, loss: str, z: list[float], label: int
) -> None:
    head, cost = get_output(output), get_loss(loss)
    logits, t = row(output, z, label)

    def value() -> float:
        return cost.value(head.activation, logits, head.forward(logits, np.empty_like(logits)), t)

    yhat = head.forward(logits, np.empty_like(logits))
    delta = cost.delta(head.activation, logits, yhat, t, np.empty_like(logits))
    assert relative_error(delta, precise_numeric_gradient(value, logits)) < 1e-10


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
