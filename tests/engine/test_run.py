"""The Run API: metrics, history, divergence, early stopping, updates, user points, weights."""

from __future__ import annotations

import json
import math
from dataclasses import fields
from typing import Any

import numpy as np
import pytest

from engine import Run
from engine.config import DataConfig, FeaturesConfig, NetworkConfig, TrainingConfig
from engine.metrics import HISTORY_KEYS, History

SMALL: dict[str, Any] = {
    "random_state": 0,
    "data": {"dataset": "circles_crosses", "n_samples": 200, "noise": 0.05},
    "network": {"hidden_layer_sizes": [6, 4]},
    "training": {"learning_rate": 0.1},
}
LAYER_KEYS = {"weight_norm", "grad_norm", "dead_fraction"}


def test_metrics_have_the_documented_keys_and_are_json() -> None:
    run = Run(SMALL)
    metrics = run.train(steps=10)
    assert set(metrics) == {
        "step", "epoch", "examples_seen", "learning_rate", "status", "diverged_at",
        "train_loss", "val_loss", "test_loss", "train_accuracy", "val_accuracy", "test_accuracy",
        "layers",
        "diagnoses",
    }  # fmt: skip
    assert metrics["step"] == 10 and metrics["status"] == "idle"
    assert len(metrics["layers"]) == 3
    assert all(set(layer) == LAYER_KEYS for layer in metrics["layers"])
    json.dumps(metrics, allow_nan=False)


def test_metrics_are_computed_once_per_train_call() -> None:
    run = Run(SMALL)
    calls = 0
    evaluate = run.metrics

    def counting() -> dict[str, Any]:
        nonlocal calls
        calls += 1
        return evaluate()

    run.metrics = counting  # type: ignore[method-assign]
    run.train(steps=500)
    assert calls <= 2


def test_history_gets_one_point_per_train_call() -> None:
    run = Run(SMALL)
    for _ in range(3):
        run.train(steps=5)
    run.train(steps=0)
    history = run.history()
    assert history["step"] == [0, 5, 10, 15]
    assert set(history) >= {
        "train_loss", "val_loss", "test_loss", "train_accuracy", "test_accuracy",
        "learning_rate", "grad_norms",
    }  # fmt: skip
    assert all(len(column) == 4 for column in history.values())
    assert len(history["grad_norms"][-1]) == 3


def test_history_is_bounded_by_halving() -> None:
    history = History(max_points=8)
    point: dict[str, Any] = {key: 0.0 for key in HISTORY_KEYS}
    point["layers"] = [{"grad_norm": 0.5}]
    for step in range(20):
        history.append(point | {"step": step})
        assert len(history) <= 8
    steps = history.to_dict()["step"]
    assert steps[0] == 0 and steps[-1] == 19
    assert steps == sorted(steps) and len(steps) > 4
    assert history.to_dict()["grad_norms"][-1] == [0.5]


def test_dead_relu_fraction_counts_units_silent_on_every_example() -> None:
    run = Run(
        {
            **SMALL,
            "network": {
                "hidden_layer_sizes": [8],
                "activation": "relu",
                "bias_initializer": "constant",
                "bias_init_scale": -50.0,
            },
        }
    )
    assert run.metrics()["layers"][0]["dead_fraction"] == 1.0
    run.set_weight(0, 3, None, 100.0)
    assert run.metrics()["layers"][0]["dead_fraction"] == pytest.approx(7 / 8)


def test_relu_units_silent_on_some_examples_only_are_alive() -> None:
    run = Run({**SMALL, "network": {"hidden_layer_sizes": [8], "activation": "relu"}})
    train = run._data.parts["train"]
    hidden = run.net.forward(train.F).activations[0]
    assert np.any(hidden == 0.0, axis=0).sum() >= 4  # most units are off somewhere
    assert run.metrics()["layers"][0]["dead_fraction"] == 0.0
    assert run.metrics()["layers"][1]["dead_fraction"] == 0.0


def test_layer_norms_are_frobenius_norms_of_w_and_the_last_dw() -> None:
    run = Run({**SMALL, "training": {"learning_rate": 0.1, "batch_size": 1000}})
    run.train(steps=3)
    X, T = run._data.parts["train"].F, run._data.parts["train"].T
    grads = run.net.views(run.net.gradient(X, T))  # full batch: the next step's gradient
    layers = run.metrics()["layers"]
    for index, layer in enumerate(layers):
        assert layer["weight_norm"] == pytest.approx(np.linalg.norm(run.net.weight(index)))
    before = [np.linalg.norm(g[:, :-1]) for g in grads]
    after = run.train(steps=1)["layers"]
    for index, layer in enumerate(after):
        assert layer["grad_norm"] == pytest.approx(before[index], rel=1e-12)


def test_hidden_layer_limits_of_the_issue_are_accepted() -> None:
    run = Run({**SMALL, "network": {"hidden_layer_sizes": [16] * 8, "activation": "relu"}})
    assert run.net.sizes == [2, *[16] * 8, 1]
    assert len(run.train(steps=20)["layers"]) == 9
    assert Run({**SMALL, "network": {"hidden_layer_sizes": [1]}}).net.sizes == [2, 1, 1]
    assert Run({**SMALL, "network": {"hidden_layer_sizes": []}}).net.sizes == [2, 1]


def test_kernel_and_bias_initializers_are_separate() -> None:
    network = {
        "hidden_layer_sizes": [5, 3],
        "kernel_initializer": "zeros",
        "bias_initializer": "constant",
        "bias_init_scale": 0.3,
    }
    run = Run({**SMALL, "network": network})
    for layer in range(run.net.n_layers):
        assert np.all(run.net.weight(layer) == 0.0) and np.all(run.net.bias(layer) == 0.3)


def test_leaky_slope_comes_from_the_config() -> None:
    network = {"hidden_layer_sizes": [3, 3], "activation": ["leaky_relu", "leaky_relu"]}
    assert Run({**SMALL, "network": network}).net.hidden[0].slope == 0.01
    run = Run({**SMALL, "network": {**network, "leaky_slope": 0.2}})
    assert [g.slope for g in run.net.hidden] == [0.2, 0.2]


def test_dropout_changes_the_training_steps() -> None:
    plain = Run(SMALL)
    dropped = Run({**SMALL, "training": {**SMALL["training"], "dropout": 0.5}})
    np.testing.assert_array_equal(plain.net.params, dropped.net.params)
    plain.train(steps=1)
    dropped.train(steps=1)
    assert not np.allclose(plain.net.params, dropped.net.params)


def test_gradient_norms_vanish_in_deep_sigmoid_nets() -> None:
    run = Run(
        {
            **SMALL,
            "network": {"hidden_layer_sizes": [8] * 6, "activation": "sigmoid"},
        }
    )
    layers = run.train(steps=20)["layers"]
    assert layers[0]["grad_norm"] < 0.1 * layers[-1]["grad_norm"]


# ----------------------------------------------------------------------------- divergence


REGRESSION: dict[str, Any] = {
    "random_state": 0,
    "data": {"dataset": "plane", "n_samples": 200, "noise": 0.1},
    "network": {"hidden_layer_sizes": [], "output": "regression", "loss": "mse"},
    "training": {"learning_rate": 1e3, "batch_size": 20},
}


def test_divergence_stops_with_finite_parameters_and_resumes_after_update() -> None:
    run = Run(REGRESSION, coach=False)  # the NaN guard alone, without the exploding guard
    metrics = run.train(steps=500)
    assert metrics["status"] == "diverged"
    assert metrics["diverged_at"] == metrics["step"] < 500
    assert np.all(np.isfinite(run.net.params))
    json.dumps(metrics, allow_nan=False)
    frozen = run.net.params.copy()
    assert run.train(steps=10)["step"] == metrics["step"]
    np.testing.assert_array_equal(run.net.params, frozen)

    assert run.update({"training": {"learning_rate": 0.05}}) == []
    assert run.metrics()["status"] == "idle" and run.metrics()["diverged_at"] is None
    losses = [run.train(steps=100)["train_loss"] for _ in range(5)]
    assert run.status == "idle" and run.trainer.step == metrics["step"] + 500
    assert all(np.isfinite(losses)) and losses == sorted(losses, reverse=True)
    assert losses[-1] < 1e-6 * losses[0]


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_divergence_keeps_finite_optimizer_state(momentum: float) -> None:
    cfg = {**SMALL, "network": {"hidden_layer_sizes": [8], "activation": "relu"}}
    cfg["training"] = {"learning_rate": 1e3, "momentum": momentum}
    run = Run(cfg, coach=False)  # the NaN guard alone
    metrics = run.train(steps=2000)
    assert metrics["status"] == "diverged"
    assert np.all(np.isfinite(run.net.params))
    assert np.all(np.isfinite(run.trainer.optimizer.state))
    assert run.trainer.optimizer.t == metrics["step"] - 1  # the last update was undone


def test_an_update_that_makes_a_parameter_infinite_is_undone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Finite gradients can hardly overflow a parameter, so a broken update stands in."""
    run = Run({**SMALL, "training": {"learning_rate": 0.1, "optimizer": "adam"}})
    run.train(steps=5)
    params, state = run.net.params.copy(), run.trainer.optimizer.state.copy()
    update = run.trainer.optimizer.step

    def overflowing(p: np.ndarray, grad: np.ndarray, lr: float) -> None:
        update(p, grad, lr)
        p[3] = np.inf

    monkeypatch.setattr(run.trainer.optimizer, "step", overflowing)
    metrics = run.train(steps=4)
    assert (metrics["status"], metrics["diverged_at"], metrics["step"]) == ("diverged", 5, 5)
    np.testing.assert_array_equal(run.net.params, params)
    np.testing.assert_array_equal(run.trainer.optimizer.state, state)
    assert run.trainer.optimizer.t == 5


# ----------------------------------------------------------------------------- early stopping


EARLY = {
    "random_state": 0,
    "data": {"dataset": "circle", "n_samples": 60, "noise": 0.4},
    "network": {"hidden_layer_sizes": [16, 16]},
    "training": {"learning_rate": 0.1, "early_stopping": True, "patience": 5},
}


def epoch_ends_without_stopping(config: dict[str, Any], epochs: int) -> list[tuple[float, Any]]:
    """(validation loss, weights) at the end of each epoch of a twin run that never stops."""
    twin = Run({**config, "training": {**config["training"], "early_stopping": False}})
    ends = []
    for _ in range(epochs):
        twin.train(epochs=1)
        ends.append((twin.metrics()["val_loss"], twin.net.params.copy()))
    return ends


def expected_stop(
    ends: list[tuple[float, Any]], patience: int, min_delta: float
) -> tuple[int, Any]:
    """The epoch at which patience runs out, and the best weights seen until then."""
    best, best_params, wait = math.inf, None, 0
    for epoch, (loss, params) in enumerate(ends, start=1):
        if loss < best - min_delta:
            best, best_params, wait = loss, params, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_params
    raise AssertionError("the twin run never ran out of patience")


@pytest.mark.parametrize("chunk", [1, 7, 50, 100_000])
def test_early_stopping_checks_each_epoch_and_restores_the_best_weights(chunk: int) -> None:
    run = Run(EARLY)
    epoch, best_params = expected_stop(epoch_ends_without_stopping(EARLY, 400), 5, 0.0)
    while run.status == "idle" and run.trainer.step < 20000:
        run.train(steps=chunk)
    assert run.status == "stopped_early"
    assert run.trainer.epoch == epoch
    assert run.trainer.step == epoch * run.steps_per_epoch
    np.testing.assert_array_equal(run.net.params, best_params)
    step = run.trainer.step
    assert run.train(steps=10)["step"] == step


def test_min_delta_counts_small_improvements_as_none() -> None:
    """No later epoch improves by more than min_delta: stop `patience` epochs after the first."""
    config = {**SMALL, "training": {"early_stopping": True, "patience": 3, "min_delta": 10.0}}
    run = Run(config)
    first_epoch = epoch_ends_without_stopping(config, 1)[0][1]
    run.train(epochs=3)
    assert run.status == "idle"
    run.train(epochs=1)
    assert run.status == "stopped_early"
    assert run.trainer.epoch == 4
    np.testing.assert_array_equal(run.net.params, first_epoch)


def test_early_stopping_without_a_validation_split_is_refused() -> None:
    with pytest.raises(ValueError, match=r"training.early_stopping .* data.val_ratio must be"):
        Run({**SMALL, "data": {"val_ratio": 0.0}, "training": {"early_stopping": True}})
    run = Run({**SMALL, "training": {"early_stopping": True}})
    with pytest.raises(ValueError, match=r"data\.val_ratio"):
        run.update({"data": {"val_ratio": 0.0}})


# ----------------------------------------------------------------------------- updates


HYPER_PARAMETERS: dict[str, Any] = {
    "learning_rate": 0.01, "batch_size": 3, "momentum": 0.5, "nesterov": True, "beta_1": 0.8,
    "beta_2": 0.99, "rho": 0.8, "epsilon": 1e-6, "schedule": "cosine", "decay_rate": 0.9,
    "decay_steps": 50, "power_t": 0.25, "min_learning_rate": 0.001, "regularization": "l2",
    "alpha": 0.1, "dropout": 0.1, "early_stopping": True, "patience": 5, "min_delta": 0.01,
    "clip_norm": 5.0,
}  # fmt: skip


def test_every_training_field_has_a_hyper_parameter_case() -> None:
    cases = {*HYPER_PARAMETERS, "optimizer"}  # optimizer: test_changing_the_optimizer_type...
    assert cases == {f.name for f in fields(TrainingConfig)}


@pytest.mark.parametrize("optimizer", [{"momentum": 0.9}, {"optimizer": "adam"}])
@pytest.mark.parametrize(("field", "value"), HYPER_PARAMETERS.items())
def test_hyper_parameter_updates_keep_weights_optimizer_state_and_counters(
    field: str, value: Any, optimizer: dict[str, Any]
) -> None:
    run = Run({**SMALL, "training": {"learning_rate": 0.1, **optimizer}})
    run.train(steps=50)
    params, state = run.net.params.copy(), run.trainer.optimizer.state.copy()
    history = run.history()
    assert run.update({"training": {field: value}}) == []
    assert getattr(run.config.training, field) == value
    np.testing.assert_array_equal(run.net.params, params)
    np.testing.assert_array_equal(run.trainer.optimizer.state, state)
    assert run.trainer.optimizer.t == 50 and run.history() == history
    assert run.train(steps=10)["step"] == 60


def test_changing_the_optimizer_type_resets_its_state() -> None:
    run = Run({**SMALL, "training": {"optimizer": "adam"}})
    run.train(steps=20)
    params = run.net.params.copy()
    assert run.update({"training": {"optimizer": "rmsprop"}}) == ["optimizer"]
    assert run.trainer.optimizer.name == "rmsprop" and run.trainer.optimizer.t == 0
    assert np.all(run.trainer.optimizer.state == 0.0) and run.metrics()["step"] == 20
    np.testing.assert_array_equal(run.net.params, params)
    assert run.update({"training": {"rho": 0.5}}) == []


ARCHITECTURE: dict[str, Any] = {
    "hidden_layer_sizes": [3], "activation": "relu", "leaky_slope": 0.2, "output": "multiclass",
    "loss": "mse", "kernel_initializer": "he_normal", "kernel_init_scale": 0.5,
    "bias_initializer": "random_normal", "bias_init_scale": 0.3,
}  # fmt: skip


def test_every_network_field_has_an_architecture_case() -> None:
    assert set(ARCHITECTURE) == {f.name for f in fields(NetworkConfig)}


@pytest.mark.parametrize("changes", [{"network": {k: v}} for k, v in ARCHITECTURE.items()])
def test_architecture_changes_rebuild_the_network(changes: dict[str, Any]) -> None:
    run = Run(SMALL)
    run.train(steps=30)
    points, trained = run.points(), run.net.params.copy()
    assert run.update(changes) == ["network"]
    assert run.net.params.shape != trained.shape or not np.array_equal(run.net.params, trained)
    assert run.metrics()["step"] == 0 and run.history()["step"] == [0]
    assert run.points() == points
    rebuilt = Run(run.config)
    np.testing.assert_array_equal(run.net.params, rebuilt.net.params)


DATA_CHANGES: dict[str, dict[str, Any]] = {
    "dataset": {"data": {"dataset": "xor"}},
    "n_samples": {"data": {"n_samples": 150}},
    "noise": {"data": {"noise": 0.2}},
    "n_classes": {"data": {"n_classes": 3}},  # ignored by circles_crosses, still a data change
    "train_ratio": {"data": {"train_ratio": 0.5}},
    "val_ratio": {"data": {"val_ratio": 0.3}},
    "inputs": {"features": {"inputs": ["x1", "x2", "x1*x2"]}},
    "standardize": {"features": {"standardize": True}},
    "random_state": {"random_state": 4},
}


def test_every_data_and_features_field_has_a_case() -> None:
    names = {f.name for f in (*fields(DataConfig), *fields(FeaturesConfig))}
    assert set(DATA_CHANGES) == names | {"random_state"}


@pytest.mark.parametrize("changes", DATA_CHANGES.values(), ids=list(DATA_CHANGES))
def test_data_changes_regenerate_data_and_network(changes: dict[str, Any]) -> None:
    run = Run(SMALL)
    run.train(steps=30)
    assert run.update(changes) == ["data", "network"]
    fresh = Run(run.config)
    assert run.points() == fresh.points()
    np.testing.assert_array_equal(run.net.params, fresh.net.params)


def test_a_bad_update_changes_nothing() -> None:
    run = Run(SMALL)
    run.train(steps=10)
    before = (run.config.to_dict(), run.net.params.copy(), run.metrics())
    for bad in (
        {"training": {"learning_rate": -1}},
        {"network": {"hidden_layer_sizes": [4], "activation": "nope"}},
        {"data": {"dataset": "spiral", "n_classes": 3}},
        {"training": {"batch_size": 5, "dropout": 2}},
    ):
        with pytest.raises(ValueError):
            run.update(bad)
    assert run.config.to_dict() == before[0]
    np.testing.assert_array_equal(run.net.params, before[1])
    assert run.metrics() == before[2]


def test_reset_draws_new_weights_and_keeps_the_data() -> None:
    run = Run(SMALL)
    first = run.net.params.copy()
    run.train(steps=40)
    run.reset()
    np.testing.assert_array_equal(run.net.params, first)
    assert run.history()["step"] == [0]
    points = run.points()
    run.reset(random_state=9)
    assert run.config.random_state == 9
    assert not np.array_equal(run.net.params, first)
    assert run.points() == points


# ----------------------------------------------------------------------------- user points


def test_set_points_replaces_the_data_and_keeps_the_network() -> None:
    run = Run(SMALL)
    run.train(steps=20)
    params = run.net.params.copy()
    rng = np.random.default_rng(0)
    X = rng.uniform(-5, 5, size=(50, 2))
    y = (X[:, 0] > 0).astype(int)
    splits = ["train"] * 35 + ["test"] * 15
    assert run.set_points(X, y, splits) == ["data"]
    np.testing.assert_array_equal(run.net.params, params)
    parts = run.points()
    assert sum(len(part["y"]) for part in parts.values()) == 50
    assert run.train(steps=300)["test_accuracy"] > 0.8
    assert run.update({"data": {"train_ratio": 0.8}}) == ["data", "network"]
    assert run.points() == parts
    assert run.update({"data": {"dataset": "xor"}}) == ["data", "network"]
    assert sum(len(part["y"]) for part in run.points().values()) == 200


def test_user_points_train_unless_given_another_split() -> None:
    run = Run(SMALL)
    X = np.array([[0.0, 1.0], [1.0, 0.0], [-1.0, -1.0], [2.0, 2.0]])
    run.set_points(X, [0, 1, 0, 1])
    parts = run.points()
    assert parts["train"] == {"X": X.tolist(), "y": [0, 1, 0, 1]}
    assert parts["val"] == parts["test"] == {"X": [], "y": []}
    assert run.n_train == 4
    metrics = run.train(steps=5)
    assert metrics["test_loss"] is None and metrics["test_accuracy"] is None


def test_user_points_keep_their_split_through_seed_and_ratio_changes() -> None:
    run = Run(SMALL)
    X = np.array([[0.0, 1.0], [1.0, 0.0], [-1.0, -1.0], [2.0, 2.0], [3.0, 0.0]])
    run.set_points(X, [0, 1, 0, 1, 1], ["train", "test", "train", "val", "train"])
    expected = {
        "train": {"X": [[0.0, 1.0], [-1.0, -1.0], [3.0, 0.0]], "y": [0, 0, 1]},
        "val": {"X": [[2.0, 2.0]], "y": [1]},
        "test": {"X": [[1.0, 0.0]], "y": [1]},
    }
    assert run.points() == expected
    run.update({"random_state": 7, "data": {"train_ratio": 0.3, "val_ratio": 0.5}})
    assert run.points() == expected
    restored = Run.from_dict(run.to_dict())
    assert restored.points() == expected


def test_user_points_need_a_training_point() -> None:
    run = Run(SMALL)
    points = run.points()
    with pytest.raises(ValueError, match="at least one point must be a training point"):
        run.set_points([[0.0, 0.0], [1.0, 1.0]], [0, 1], ["test", "val"])
    assert run.points() == points


def test_set_points_with_more_classes_rebuilds_a_multiclass_net() -> None:
    run = Run({**SMALL, "network": {"hidden_layer_sizes": [4], "output": "multiclass"}})
    X = np.array([[0.0, 1.0], [1.0, 0.0], [-1.0, -1.0], [2.0, 2.0], [3.0, 0.0], [0.0, 3.0]])
    assert run.set_points(X, [0, 1, 2, 0, 1, 2]) == ["data", "network"]
    assert run.predict_proba(X).shape == (6, 3)


def test_bad_points_are_refused_and_change_nothing() -> None:
    run = Run(SMALL)
    points = run.points()
    with pytest.raises(ValueError, match="outside the box"):
        run.set_points([[0.0, 0.0], [7.0, 0.0]], [0, 1])
    with pytest.raises(ValueError, match="binary output needs labels 0 and 1"):
        run.set_points([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]], [0, 1, 2])
    assert run.points() == points


# ----------------------------------------------------------------------------- prediction


def test_predict_applies_features_and_standardisation() -> None:
    cfg = {**SMALL, "features": {"inputs": ["x1", "x2", "x1^2", "sin(x2)"], "standardize": True}}
    run = Run(cfg)
    run.train(steps=200)
    X = np.array(run.points()["test"]["X"])
    proba = run.predict_proba(X)
    assert proba.shape == (len(X), 1)
    labels = run.predict(X)
    np.testing.assert_array_equal(labels, (proba[:, 0] >= 0.5).astype(int))
    accuracy = np.mean(labels == np.array(run.points()["test"]["y"]))
    assert accuracy == pytest.approx(run.metrics()["test_accuracy"])
    for bad in ([[1.0, 2.0, 3.0]], [[1.0, "a"]], [[1.0, 2.0], [3.0]], [[np.nan, 0.0]]):
        with pytest.raises(ValueError, match=r"X must be finite points of shape \(n, 2\)"):
            run.predict(bad)


def test_weights_and_set_weight() -> None:
    run = Run(SMALL)
    weights = run.weights()
    assert [np.shape(w["W"]) for w in weights] == [(6, 2), (4, 6), (1, 4)]
    assert [len(w["b"]) for w in weights] == [6, 4, 1]
    run.set_weight(1, 2, 5, 0.25)
    run.set_weight(2, 0, None, -1.5)
    assert run.weights()[1]["W"][2][5] == 0.25 and run.weights()[2]["b"][0] == -1.5
    for args in ((3, 0, 0, 1.0), (0, 6, 0, 1.0), (0, 0, 2, 1.0), (0, 0, 0, float("nan"))):
        with pytest.raises(ValueError):
            run.set_weight(*args)


def test_train_arguments_are_checked() -> None:
    run = Run(SMALL)
    for kwargs in ({}, {"steps": 1, "epochs": 1}, {"steps": -1}, {"epochs": 1.5}):
        with pytest.raises(ValueError):
            run.train(**kwargs)  # type: ignore[arg-type]
