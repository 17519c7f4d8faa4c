"""Saving a run to JSON and loading it: training continues bit for bit."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from engine import Run
from engine.optimizers import OPTIMIZERS

CASES: list[dict[str, Any]] = [
    {
        "random_state": 3,
        "data": {"dataset": "spiral", "n_classes": 3, "n_samples": 150, "noise": 0.1},
        "features": {"inputs": ["x1", "x2", "sin(x1)"], "standardize": True},
        "network": {"hidden_layer_sizes": [8, 6], "activation": ["relu", "gelu"],
                    "output": "multiclass"},
        "training": {"optimizer": "adam", "batch_size": 7, "dropout": 0.3,
                     "regularization": "l2", "alpha": 0.01, "schedule": "cosine"},
    },
    {
        "data": {"dataset": "xor", "n_samples": 100},
        "training": {"momentum": 0.9, "nesterov": True, "batch_size": 13, "clip_norm": 0.5,
                     "early_stopping": True, "patience": 50},
    },
    {
        "data": {"dataset": "multi_gaussian"},
        "network": {"output": "regression", "loss": "mse"},
        "training": {"optimizer": "rmsprop", "regularization": "l1", "alpha": 0.001},
    },
]  # fmt: skip


def round_trip(run: Run) -> Run:
    return Run.from_dict(json.loads(json.dumps(run.to_dict(), allow_nan=False)))


@pytest.mark.parametrize("config", CASES)
def test_loaded_run_continues_bit_identically(config: dict[str, Any]) -> None:
    original = Run(config)
    original.train(steps=23)  # stop in the middle of an epoch
    copy = round_trip(original)
    assert copy.metrics() == original.metrics()
    for _ in range(3):
        assert copy.train(steps=31) == original.train(steps=31)
    np.testing.assert_array_equal(copy.net.params, original.net.params)
    assert copy.history() == original.history()
    assert copy.config == original.config


OPTIMIZER_CASES: dict[str, dict[str, Any]] = {
    "sgd": {"optimizer": "sgd", "momentum": 0.0},
    "sgd_momentum": {"optimizer": "sgd", "momentum": 0.9},
    "sgd_nesterov": {"optimizer": "sgd", "momentum": 0.8, "nesterov": True},
    "adam": {"optimizer": "adam"},
    "rmsprop": {"optimizer": "rmsprop"},
    "adagrad": {"optimizer": "adagrad"},
}


def test_every_optimizer_has_a_saving_case() -> None:
    assert {case["optimizer"] for case in OPTIMIZER_CASES.values()} == set(OPTIMIZERS)


@pytest.mark.parametrize("training", OPTIMIZER_CASES.values(), ids=list(OPTIMIZER_CASES))
def test_every_optimizer_state_survives_saving(training: dict[str, Any]) -> None:
    config = {
        "random_state": 5,
        "data": {"dataset": "moons", "n_samples": 120},
        "network": {"hidden_layer_sizes": [5, 4]},
        "training": {"learning_rate": 0.05, "batch_size": 9, **training},
    }
    original = Run(config)
    original.train(steps=17)
    copy = round_trip(original)
    state = original.trainer.optimizer.state
    np.testing.assert_array_equal(copy.trainer.optimizer.state, state)
    assert copy.trainer.optimizer.t == original.trainer.optimizer.t == 17
    assert np.any(state != 0.0) == (training.get("momentum") != 0.0)  # plain sgd keeps none
    for _ in range(3):
        assert copy.train(steps=25) == original.train(steps=25)
    np.testing.assert_array_equal(copy.net.params, original.net.params)
    np.testing.assert_array_equal(copy.trainer.optimizer.state, original.trainer.optimizer.state)


def poisoned(factory: Any) -> Any:
    """`factory` (np.empty or np.empty_like) whose float arrays come back full of NaN."""

    def make(*args: Any, **kwargs: Any) -> Any:
        array = factory(*args, **kwargs)
        if array.dtype.kind == "f":
            array.fill(np.nan)
        return array

    return make


@pytest.mark.parametrize("training", OPTIMIZER_CASES.values(), ids=list(OPTIMIZER_CASES))
def test_saved_runs_do_not_depend_on_uninitialised_memory(
    training: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Buffers from np.empty may hold anything (NaN included): none of it may reach a save."""
    config = {"data": {"n_samples": 60}, "training": {"batch_size": 7, "dropout": 0.2, **training}}
    clean = Run(config)
    clean.train(steps=11)
    monkeypatch.setattr(np, "empty", poisoned(np.empty))
    monkeypatch.setattr(np, "empty_like", poisoned(np.empty_like))
    dirty = Run(config)
    dirty.train(steps=11)
    saved = json.dumps(dirty.to_dict(), allow_nan=False)
    assert saved == json.dumps(clean.to_dict(), allow_nan=False)


def test_user_points_survive_saving() -> None:
    run = Run({"data": {"n_samples": 50}})
    rng = np.random.default_rng(1)
    X = rng.uniform(-4, 4, size=(40, 2))
    run.set_points(X, (X[:, 1] > X[:, 0]).astype(int))
    run.train(steps=15)
    copy = round_trip(run)
    assert copy.points() == run.points()
    assert copy.train(steps=20) == run.train(steps=20)
    assert copy.update({"data": {"train_ratio": 0.7}}) == run.update({"data": {"train_ratio": 0.7}})
    assert copy.points() == run.points()


def test_diverged_run_saves_as_valid_json() -> None:
    run = Run(
        {
            "data": {"dataset": "plane"},
            "network": {"hidden_layer_sizes": [], "output": "regression", "loss": "mse"},
            "training": {"learning_rate": 1e3},
        }
    )
    run.train(steps=500)
    assert run.status == "diverged"
    copy = round_trip(run)
    assert copy.status == "diverged" and copy.metrics() == run.metrics()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a saved run"),
        (lambda d: d.update(version=99), "version"),
        (lambda d: d.update(params=d["params"][:-1]), "saved params"),
        (lambda d: d.pop("rng"), "incomplete"),
        (lambda d: d["config"]["network"].update(output="nope"), "network.output"),
    ],
)
def test_broken_saves_are_refused(change: Any, message: str) -> None:
    data = json.loads(json.dumps(Run({"data": {"n_samples": 40}}).to_dict()))
    change(data)
    with pytest.raises(ValueError, match=message):
        Run.from_dict(data)


def test_a_run_saved_just_before_diverging_diverges_identically() -> None:
    config = {
        "data": {"dataset": "plane"},
        "network": {"hidden_layer_sizes": [], "output": "regression", "loss": "mse"},
        "training": {"learning_rate": 1e3, "momentum": 0.5},
    }
    step = Run(config).train(steps=500)["diverged_at"]
    original = Run(config)
    original.train(steps=step)  # the next step fails and undoes this last one
    copy = round_trip(original)
    assert copy.train(steps=10) == original.train(steps=10)
    assert original.status == "diverged"
    np.testing.assert_array_equal(copy.net.params, original.net.params)
    np.testing.assert_array_equal(copy.trainer.optimizer.state, original.trainer.optimizer.state)
