"""Backpropagation through whole networks against finite differences, and the network layout."""

from __future__ import annotations

import numpy as np
import pytest

from engine.activations import ACTIVATIONS, get_activation
from engine.config import TrainingConfig
from engine.initializers import get_initializer
from engine.losses import OUTPUTS, get_loss, get_output
from engine.network import Network
from engine.regularizers import get_regularizer
from engine.trainer import Trainer
from tests.engine.gradcheck import numeric_gradient, relative_error

HIDDEN = [4, 3, 5]
PAIRS = [(output, loss) for output, cls in OUTPUTS.items() for loss in cls.losses]


def build(
    depth: int, activation: str, output: str = "binary", loss: str = "cross_entropy"
) -> Network:
    head = get_output(output)
    units = head.n_units(3)
    sizes = [3, *HIDDEN[:depth], units]
    hidden = [get_activation(activation, 0.1) for _ in range(depth)]
    net = Network(sizes, hidden, head, get_loss(loss))
    rng = np.random.default_rng(7)
    net.initialize(
        rng, get_initializer("random_normal"), 0.8, get_initializer("random_normal"), 0.3
    )
    return net


def data(net: Network, m: int = 6) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    X = rng.normal(size=(m, net.sizes[0]))
    if net.output.name == "regression":
        return X, rng.normal(size=(m, 1))
    k = 2 if net.output.name == "binary" else net.sizes[-1]
    return X, net.output.targets(rng.integers(0, k, size=m), k)


def check(net: Network, masks: list[np.ndarray] | None = None) -> float:
    X, T = data(net)
    analytic = net.gradient(X, T, masks)
    numeric = numeric_gradient(lambda: net.cost(X, T, masks), net.params)
    return relative_error(analytic, numeric)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("depth", [0, 1, 3])
def test_backprop_matches_finite_differences(depth: int, activation: str) -> None:
    assert check(build(depth, activation)) < 1e-6


def test_backprop_with_one_activation_per_layer() -> None:
    names = ["relu", "gelu", "sigmoid"]
    net = build(3, "tanh")
    net.hidden = [get_activation(name, 0.1) for name in names]
    assert check(net) < 1e-6
    X, _ = data(net)
    z1 = X @ net.weight(0).T + net.bias(0)
    z2 = np.maximum(z1, 0.0) @ net.weight(1).T + net.bias(1)
    np.testing.assert_allclose(net.forward(X).zs[1], z2)


@pytest.mark.parametrize(("output", "loss"), PAIRS)
def test_backprop_through_every_head(output: str, loss: str) -> None:
    assert check(build(2, "tanh", output, loss)) < 1e-6


@pytest.mark.parametrize("regularization", ["l1", "l2"])
@pytest.mark.parametrize(("output", "loss"), PAIRS)
@pytest.mark.parametrize("depth", [2, 3])
def test_training_gradient_with_a_penalty_matches_finite_differences(
    depth: int, output: str, loss: str, regularization: str
) -> None:
    """The gradient the trainer steps along is d(C0 + R)/dparams, R on the weights only."""
    net = build(depth, "tanh", output, loss)
    X, T = data(net)
    settings = TrainingConfig(batch_size=len(X), regularization=regularization, alpha=0.7)
    trainer = Trainer(net, settings, X, T, np.random.default_rng(0))
    start = net.params.copy()
    trainer.run(1)
    analytic = net.grad.copy()
    net.params[...] = start
    penalty = get_regularizer(regularization)

    def total() -> float:
        return net.cost(X, T) + penalty.penalty(net.params, trainer.coef)

    assert relative_error(analytic, numeric_gradient(total, net.params)) < 1e-6
    assert relative_error(analytic, net.gradient(X, T)) > 1e-3  # the penalty is in it


def test_dropout_masks_are_inverted() -> None:
    """Each hidden unit is kept with probability 1 - p and then scaled by 1 / (1 - p)."""
    net = build(2, "tanh")
    batch = net.batch(4000)
    batch.draw_masks(np.random.default_rng(0), 0.25)
    assert batch.dropout
    for mask in batch.masks:
        assert set(np.unique(mask)) == {0.0, 1 / 0.75}
        assert np.mean(mask == 0.0) == pytest.approx(0.25, abs=0.02)
        assert np.mean(mask) == pytest.approx(1.0, abs=0.03)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_backprop_with_a_fixed_dropout_mask(activation: str) -> None:
    net = build(3, activation)
    rng = np.random.default_rng(5)
    masks = [(rng.random((6, n)) >= 0.4) / 0.6 for n in HIDDEN]
    assert check(net, masks) < 1e-6
    X, T = data(net)
    assert not np.allclose(net.gradient(X, T, masks), net.gradient(X, T))


def test_step_activation_passes_no_gradient_to_hidden_layers() -> None:
    net = build(2, "step")
    X, T = data(net)
    layers = net.views(net.gradient(X, T))
    assert np.all(layers[0] == 0) and np.all(layers[1] == 0)
    assert np.any(layers[2] != 0)


def test_training_pass_gives_the_evaluation_output() -> None:
    net = build(3, "gelu", "multiclass", "cross_entropy")
    X, T = data(net)
    batch = net.batch(len(X))
    batch.x[:-1] = X.T
    batch.t[...] = T.T
    net.backprop(batch)
    np.testing.assert_allclose(batch.yhat.T, net.forward(X).output, rtol=1e-13)


def test_weights_views_share_the_flat_vector() -> None:
    net = build(1, "tanh")
    assert net.weight(0).shape == (4, 3) and net.bias(0).shape == (4,)
    assert net.weight(1).shape == (1, 4) and net.params.size == 4 * 4 + 1 * 5
    net.weight(1)[0, 2] = 42.0
    net.bias(0)[1] = -3.0
    assert 42.0 in net.params and -3.0 in net.params
    assert net.weight_mask.sum() == 4 * 3 + 4
    X = np.array([[0.1, 0.2, 0.3]])
    hidden = np.tanh(net.weight(0) @ X[0] + net.bias(0))
    z = net.weight(1) @ hidden + net.bias(1)
    np.testing.assert_allclose(net.forward(X).output[0], 1 / (1 + np.exp(-z)))


def test_zero_hidden_layers_is_logistic_regression() -> None:
    net = build(0, "tanh")
    X, T = data(net)
    p = 1 / (1 + np.exp(-(X @ net.weight(0).T + net.bias(0))))
    np.testing.assert_allclose(net.forward(X).output, p)
    np.testing.assert_allclose(net.gradient(X, T)[:3], ((p - T) * X).mean(axis=0))
