"""Optimisers: each follows its update formula step by step and descends a quadratic bowl."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from engine.optimizers import OPTIMIZERS, get_optimizer


@dataclass
class Settings:
    momentum: float = 0.9
    nesterov: bool = False
    beta_1: float = 0.8
    beta_2: float = 0.95
    rho: float = 0.7
    epsilon: float = 1e-3


GRADS = [np.array([1.0, -2.0, 0.5]), np.array([0.3, 0.1, -1.0]), np.array([-0.7, 0.4, 2.0])]
W0 = np.array([0.5, -1.0, 2.0])
LR = 0.1


def reference(name: str, s: Settings) -> list[np.ndarray]:
    """The textbook formulas, written out with fresh arrays."""
    w, v, m, acc, out = W0.copy(), np.zeros(3), np.zeros(3), np.zeros(3), []
    for t, g in enumerate(GRADS, start=1):
        if name == "sgd":
            v = s.momentum * v - LR * g
            w = w + (s.momentum * v - LR * g if s.nesterov else v)
        elif name == "adam":
            m = s.beta_1 * m + (1 - s.beta_1) * g
            v = s.beta_2 * v + (1 - s.beta_2) * g * g
            m_hat, v_hat = m / (1 - s.beta_1**t), v / (1 - s.beta_2**t)
            w = w - LR * m_hat / (np.sqrt(v_hat) + s.epsilon)
        elif name == "rmsprop":
            v = s.rho * v + (1 - s.rho) * g * g
            w = w - LR * g / (np.sqrt(v) + s.epsilon)
        else:
            acc = acc + g * g
            w = w - LR * g / (np.sqrt(acc) + s.epsilon)
        out.append(w)
    return out


CASES = [("sgd", Settings(momentum=0.0)), ("sgd", Settings()), ("sgd", Settings(nesterov=True))]
CASES += [(name, Settings()) for name in OPTIMIZERS if name != "sgd"]


def test_every_optimizer_has_a_case() -> None:
    assert {name for name, _ in CASES} == set(OPTIMIZERS)


@pytest.mark.parametrize(("name", "settings"), CASES)
def test_updates_follow_formula(name: str, settings: Settings) -> None:
    opt = get_optimizer(name, 3, settings)
    w = W0.copy()
    for g, expected in zip(GRADS, reference(name, settings), strict=True):
        opt.step(w, g.copy(), LR)
        np.testing.assert_allclose(w, expected, rtol=1e-12, atol=1e-15)
    assert opt.t == len(GRADS)


@pytest.mark.parametrize(("name", "settings"), CASES)
def test_descends_a_quadratic_bowl(name: str, settings: Settings) -> None:
    curvature = np.array([1.0, 3.0, 0.3])
    opt = get_optimizer(name, 3, settings)
    w = W0.copy()
    start = 0.5 * np.sum(curvature * w * w)
    lr = 0.5 if name == "adagrad" else 0.05  # adagrad's rate shrinks as squares accumulate
    for _ in range(200):
        opt.step(w, curvature * w, lr)
    assert 0.5 * np.sum(curvature * w * w) < 0.05 * start


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_state_round_trips(name: str) -> None:
    opt = get_optimizer(name, 3, Settings())
    w = W0.copy()
    opt.step(w, GRADS[0].copy(), LR)
    copy = get_optimizer(name, 3, Settings())
    copy.load_state(opt.state_dict())
    w2 = w.copy()
    opt.step(w, GRADS[1].copy(), LR)
    copy.step(w2, GRADS[1].copy(), LR)
    np.testing.assert_array_equal(w, w2)


def test_state_of_another_optimizer_is_refused() -> None:
    state = get_optimizer("adam", 3, Settings()).state_dict()
    with pytest.raises(ValueError, match="'adam', not 'rmsprop'"):
        get_optimizer("rmsprop", 3, Settings()).load_state(state)


def test_unknown_optimizer_raises_listing_choices() -> None:
    with pytest.raises(ValueError, match="sgd, adam, rmsprop, adagrad"):
        get_optimizer("lbfgs", 3, Settings())
