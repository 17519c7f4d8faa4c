"""Training sanity with fixed seeds: what a small network can and cannot learn, reproducibly."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from engine import Run
from engine.optimizers import OPTIMIZERS
from engine.schedules import SCHEDULES


def config(dataset: str, hidden: list[int], noise: float = 0.0, **training: Any) -> dict[str, Any]:
    return {
        "random_state": 0,
        "data": {"dataset": dataset, "n_samples": 400, "noise": noise},
        "network": {"hidden_layer_sizes": hidden, "activation": "tanh"},
        "training": {"learning_rate": 0.1, "batch_size": 10, **training},
    }


def test_initial_loss_is_near_chance() -> None:
    metrics = Run(config("circles_crosses", [8], 0.05)).metrics()
    assert metrics["step"] == 0
    assert abs(metrics["train_loss"] - math.log(2)) < 0.15


@pytest.mark.parametrize(("dataset", "noise"), [("circles_crosses", 0.05), ("xor", 0.0)])
def test_small_tanh_net_learns(dataset: str, noise: float) -> None:
    run = Run(config(dataset, [8], noise))
    metrics = run.train(steps=3000)
    assert metrics["test_accuracy"] > 0.95
    assert metrics["train_loss"] < 0.2


def test_without_hidden_layer_circles_crosses_is_not_learned() -> None:
    run = Run(config("circles_crosses", [], 0.05))
    metrics = run.train(steps=3000)
    assert metrics["test_accuracy"] < 0.85
    assert run.train(steps=3000)["train_accuracy"] < 0.85


def test_three_arm_spiral_is_learned_with_softmax() -> None:
    run = Run(
        {
            "random_state": 0,
            "data": {"dataset": "spiral", "n_classes": 3, "n_samples": 600, "noise": 0.02},
            "network": {"hidden_layer_sizes": [16, 16], "output": "multiclass"},
            "training": {"learning_rate": 0.01, "optimizer": "adam", "batch_size": 20},
        }
    )
    assert run.train(steps=5000)["test_accuracy"] > 0.9


def test_regression_learns_the_plane() -> None:
    run = Run(
        {
            "data": {"dataset": "plane", "noise": 0.0},
            "network": {"hidden_layer_sizes": [4], "output": "regression", "loss": "mse"},
            "training": {"learning_rate": 0.05},
        }
    )
    start = run.metrics()["test_loss"]
    metrics = run.train(steps=2000)
    assert metrics["test_loss"] < 0.01 * start
    assert metrics["test_accuracy"] is None


def test_same_seed_and_config_give_identical_runs() -> None:
    cfg = config("circles_crosses", [6, 4], 0.1, dropout=0.2, optimizer="adam", batch_size=7)
    first, second = Run(cfg), Run(cfg)
    for _ in range(5):
        assert first.train(steps=37) == second.train(steps=37)
    np.testing.assert_array_equal(first.net.params, second.net.params)
    assert first.history() == second.history()


def test_another_seed_gives_another_run() -> None:
    first = Run(config("circles_crosses", [4]))
    second = Run({**config("circles_crosses", [4]), "random_state": 1})
    assert not np.array_equal(first.net.params, second.net.params)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_every_optimizer_reduces_the_loss(optimizer: str) -> None:
    run = Run(config("circles_crosses", [4], 0.05, optimizer=optimizer, learning_rate=0.03))
    start = run.metrics()["train_loss"]
    assert run.train(steps=500)["train_loss"] < 0.7 * start


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_every_schedule_trains_and_reports_its_rate(schedule: str) -> None:
    cfg = config("circles_crosses", [4], 0.05, schedule=schedule, decay_steps=100)
    run = Run(cfg)
    start = run.metrics()["train_loss"]
    metrics = run.train(steps=250)
    assert metrics["train_loss"] < start
    expected = {
        "constant": 0.1,
        "step": 0.1 * 0.5**2,
        "exponential": 0.1 * 0.5**2.5,
        "inverse_scaling": 0.1 / 3.5**0.5,
        "cosine": 0.0,
    }[schedule]
    assert metrics["learning_rate"] == pytest.approx(expected, abs=1e-12)


def test_momentum_and_nesterov_change_the_path() -> None:
    plain = Run(config("xor", [4])).train(steps=200)["train_loss"]
    momentum = Run(config("xor", [4], momentum=0.9)).train(steps=200)["train_loss"]
    nesterov = Run(config("xor", [4], momentum=0.9, nesterov=True)).train(steps=200)["train_loss"]
    assert len({plain, momentum, nesterov}) == 3


@pytest.mark.parametrize("regularization", ["l1", "l2"])
def test_regularization_shrinks_the_weights(regularization: str) -> None:
    free = Run(config("circles_crosses", [8], 0.05))
    penalised = Run(config("circles_crosses", [8], 0.05, regularization=regularization, alpha=3.0))
    free.train(steps=1500)
    penalised.train(steps=1500)
    norm = sum(layer["weight_norm"] for layer in penalised.metrics()["layers"])
    assert norm < 0.8 * sum(layer["weight_norm"] for layer in free.metrics()["layers"])


def test_gradient_clipping_bounds_the_update() -> None:
    run = Run(config("circles_crosses", [4], learning_rate=1.0, batch_size=400, clip_norm=1e-3))
    before = run.net.params.copy()
    run.train(steps=1)
    assert np.linalg.norm(run.net.params - before) == pytest.approx(1e-3)
    unclipped = sum(layer["grad_norm"] ** 2 for layer in run.metrics()["layers"]) ** 0.5
    assert unclipped > 1e-3


def test_dropout_is_only_used_while_training() -> None:
    run = Run(config("circles_crosses", [8], 0.05, dropout=0.5))
    run.train(steps=100)
    metrics = run.metrics()
    run._metrics = None
    assert run.metrics() == metrics
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    np.testing.assert_array_equal(run.predict_proba(X), run.predict_proba(X))


def test_full_batch_and_epochs_count_examples() -> None:
    run = Run(config("circles_crosses", [4], batch_size=1000))
    n_train = run.trainer.n
    metrics = run.train(epochs=3)
    assert (metrics["step"], metrics["epoch"], metrics["examples_seen"]) == (3, 3, 3 * n_train)
    run.update({"training": {"batch_size": 100}})
    metrics = run.train(epochs=2)
    assert metrics["step"] == 3 + 2 * math.ceil(n_train / 100)
    assert metrics["epoch"] == 5
    assert metrics["examples_seen"] == 5 * n_train


@pytest.mark.parametrize("batch_size", [1, 7])
def test_each_epoch_visits_every_example_once(batch_size: int) -> None:
    run = Run(config("xor", [2], batch_size=batch_size))
    seen: list[int] = []
    for _ in range(math.ceil(run.trainer.n / batch_size)):
        batch = run.trainer._next_batch()
        seen.extend(run.trainer.order[run.trainer.pos : run.trainer.pos + batch.m].tolist())
        run.trainer._advance(batch.m)
    assert sorted(seen) == list(range(run.trainer.n))
    assert run.trainer.epoch == 1


def test_every_epoch_is_shuffled_afresh() -> None:
    run = Run(config("xor", [2], batch_size=400))
    run.update({"training": {"batch_size": 10}})
    orders = []
    for _ in range(3):
        run.train(steps=math.ceil(run.trainer.n / 10))
        orders.append(run.trainer.order.copy())
    assert all(sorted(order) == list(range(run.trainer.n)) for order in orders)
    assert not np.array_equal(orders[0], orders[1]) and not np.array_equal(orders[1], orders[2])


@pytest.mark.parametrize("regularization", ["l1", "l2"])
def test_penalty_step_follows_the_course_formula(regularization: str) -> None:
    """One full-batch SGD step: w <- w - eta (dC0/dw + lambda/n dR), biases untouched by R."""
    base = config("circles_crosses", [5], batch_size=1000, learning_rate=0.5)
    base["network"] |= {"bias_initializer": "random_normal", "bias_init_scale": 0.5}
    free = Run(base)
    penalised = Run({**base, "training": {**base["training"], "regularization": regularization,
                                          "alpha": 4.0}})  # fmt: skip
    w0 = free.net.params.copy()
    free.train(steps=1)
    penalised.train(steps=1)
    n = free.trainer.n
    shrink = w0 if regularization == "l2" else np.sign(w0)
    expected = -0.5 * 4.0 / n * shrink * free.net.weight_mask
    np.testing.assert_allclose(penalised.net.params - free.net.params, expected, atol=1e-15)
    assert np.all(expected[free.net.weight_mask == 0] == 0)
