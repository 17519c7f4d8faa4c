"""Saving a run to JSON and loading it: training continues bit for bit."""

from __future__ import annotations

import json
import math
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
        },
        coach=False,  # the NaN guard alone
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
        (lambda d: d.update(version=True), "version True: expected 1"),
        (lambda d: d.update(version=1.0), "version 1.0: expected 1"),
        (lambda d: d.update(version="1"), "version '1': expected 1"),
        (lambda d: d.update(params=d["params"][:-1]), "saved run: params"),
        (lambda d: d.pop("rng"), "saved run: rng is missing"),
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
    step = Run(config, coach=False).train(steps=500)["diverged_at"]
    original = Run(config, coach=False)  # the NaN guard alone
    original.train(steps=step)  # the next step fails and undoes this last one
    copy = round_trip(original)
    copy.coach, copy.trainer.weight_limit = False, math.inf
    assert copy.train(steps=10) == original.train(steps=10)
    assert original.status == "diverged"
    np.testing.assert_array_equal(copy.net.params, original.net.params)
    np.testing.assert_array_equal(copy.trainer.optimizer.state, original.trainer.optimizer.state)


def saved(config: dict[str, Any], steps: int = 7) -> dict[str, Any]:
    """A real export after a few steps, through JSON."""
    run = Run(config)
    run.train(steps=steps)
    document: dict[str, Any] = json.loads(json.dumps(run.to_dict(), allow_nan=False))
    return document


ADAM = {
    "data": {"n_samples": 40},
    "training": {"optimizer": "adam", "batch_size": 5, "early_stopping": True, "patience": 3},
}
REGRESSION = {
    "data": {"dataset": "plane", "n_samples": 40},
    "network": {"output": "regression", "loss": "mse"},
}


def setter(*path: str | int, value: Any) -> Any:
    """A mutation that sets document[path...] = value."""

    def change(document: dict[str, Any]) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def dropper(*path: str | int) -> Any:
    def change(document: dict[str, Any]) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


MUTATIONS: dict[str, tuple[Any, str]] = {
    # top level
    "config garbage": (setter("config", value="garbage"), "config"),
    "bad config field": (setter("config", "training", "batch_size", value=0),
                         "training.batch_size"),
    "config field missing": (dropper("config", "training", "learning_rate"),
                             "config.training.learning_rate is missing"),
    "config section missing": (dropper("config", "network"), "config.network is missing"),
    "status unknown": (setter("status", value="running"), "status"),
    "status not a string": (setter("status", value=3), "status"),
    "diverged_at garbage": (setter("diverged_at", value="garbage"), "diverged_at"),
    "diverged_at negative": (setter("diverged_at", value=-1), "diverged_at"),
    "diverged_at beyond step": (setter("diverged_at", value=10**6), "diverged_at"),
    "diverged_at float": (setter("diverged_at", value=2.0), "diverged_at"),
    "diverged_at while idle": (setter("diverged_at", value=1), "diverged_at"),
    "diverged without a step": (setter("status", value="diverged"), "diverged_at"),
    "missing status": (dropper("status"), "status is missing"),
    # weights and gradient
    "params garbage": (setter("params", value="garbage"), "params"),
    "params NaN": (setter("params", 0, value=None), "params"),
    "params infinite": (setter("params", 0, value=float("inf")), "params"),
    "params string": (setter("params", 0, value="1.5"), "params"),
    "params bool": (setter("params", value=[True]), "params"),
    "params too long": (lambda d: d["params"].append(0.0), "params"),
    "params nested": (lambda d: d.update(params=[d["params"]]), "params"),
    "grad garbage": (setter("grad", value={"a": 1}), "grad"),
    "grad too short": (lambda d: d["grad"].pop(), "grad"),
    "grad string": (setter("grad", 0, value="x"), "grad"),
    # trainer
    "trainer garbage": (setter("trainer", value="garbage"), "trainer"),
    "step negative": (setter("trainer", "step", value=-3), "trainer.step must be an integer >= 0"),
    "step huge": (setter("trainer", "step", value=10**30), "trainer.step"),
    "step float": (setter("trainer", "step", value=7.0), "trainer.step"),
    "step bool": (setter("trainer", "step", value=True), "trainer.step"),
    "step missing": (dropper("trainer", "step"), "trainer.step is missing"),
    "epoch negative": (setter("trainer", "epoch", value=-1), "trainer.epoch"),
    "epoch beyond step": (setter("trainer", "epoch", value=100), "trainer.epoch"),
    "examples_seen negative": (setter("trainer", "examples_seen", value=-1), "examples_seen"),
    "examples_seen string": (setter("trainer", "examples_seen", value="35"), "examples_seen"),
    "clip_scale zero": (setter("trainer", "clip_scale", value=0), "trainer.clip_scale"),
    "clip_scale above one": (setter("trainer", "clip_scale", value=2.0), "trainer.clip_scale"),
    "clip_scale NaN": (setter("trainer", "clip_scale", value=None), "trainer.clip_scale"),
    "pos negative": (setter("trainer", "pos", value=-1), "trainer.pos"),
    "pos beyond n": (setter("trainer", "pos", value=10**6), "trainer.pos"),
    "order huge": (setter("trainer", "order", 0, value=2**70), "trainer.order"),
    "order repeated": (lambda d: d["trainer"]["order"].__setitem__(1, d["trainer"]["order"][0]),
                       "trainer.order"),
    "order short": (lambda d: d["trainer"]["order"].pop(), "trainer.order"),
    "order float": (setter("trainer", "order", 0, value=0.5), "trainer.order"),
    "undo garbage": (setter("trainer", "undo", value=[1]), "trainer.undo"),
    "undo params NaN": (setter("trainer", "undo", "params", 0, value=None), "trainer.undo.params"),
    "undo state shape": (setter("trainer", "undo", "state", value=[[0.0]]), "trainer.undo.state"),
    "optimizer garbage": (setter("trainer", "optimizer", value=None), "trainer.optimizer"),
    "optimizer other": (setter("trainer", "optimizer", "name", value="sgd"),
                        "trainer.optimizer.name"),
    "optimizer t negative": (setter("trainer", "optimizer", "t", value=-5), "trainer.optimizer.t"),
    "optimizer t beyond step": (setter("trainer", "optimizer", "t", value=10**6),
                                "trainer.optimizer.t"),
    "optimizer state NaN": (setter("trainer", "optimizer", "state", 0, 0, value=None),
                            "trainer.optimizer.state"),
    "optimizer second moment negative": (setter("trainer", "optimizer", "state", 1, 0, value=-1.0),
                                         "trainer.optimizer.state[1]"),
    "optimizer state bool": (setter("trainer", "optimizer", "state", 0, 0, value=True),
                             "trainer.optimizer.state"),
    "optimizer state empty": (setter("trainer", "optimizer", "state", value=[]),
                              "trainer.optimizer.state"),
    "optimizer state ragged": (lambda d: d["trainer"]["optimizer"]["state"][0].pop(),
                               "trainer.optimizer.state"),
    # generator
    "rng garbage": (setter("rng", value="garbage"), "rng"),
    "rng other generator": (setter("rng", "bit_generator", value="MT19937"), "rng.bit_generator"),
    "rng state negative": (setter("rng", "state", "state", value=-1), "rng.state.state"),
    "rng state huge": (setter("rng", "state", "inc", value=2**200), "rng.state.inc"),
    "rng state float": (setter("rng", "state", "state", value=1.5), "rng.state.state"),
    "rng uinteger huge": (setter("rng", "uinteger", value=1e300), "rng.uinteger"),
    "rng has_uint32": (setter("rng", "has_uint32", value=7), "rng.has_uint32"),
    "rng missing": (dropper("rng", "state"), "rng.state is missing"),
    # data
    "data garbage": (setter("data", value="garbage"), "data"),
    "train garbage": (setter("data", "train", value=[1, 2]), "data.train"),
    "X NaN": (setter("data", "train", "X", 0, 0, value=None), "data.train.X"),
    "X outside the box": (setter("data", "val", "X", 0, 1, value=1e9), "data.val.X"),
    "X three columns": (lambda d: d["data"]["train"]["X"][0].append(0.0), "data.train.X"),
    "y huge label": (setter("data", "train", "y", 0, value=1e300), "data.train.y"),
    "y label out of range": (setter("data", "test", "y", 0, value=5), "data.test.y"),
    "y negative label": (setter("data", "train", "y", 0, value=-1), "data.train.y"),
    "y fractional label": (setter("data", "train", "y", 0, value=0.5), "data.train.y"),
    "y bool label": (setter("data", "train", "y", 0, value=True), "data.train.y"),
    "y missing a label": (lambda d: d["data"]["train"]["y"].pop(), "data.train.y"),
    "train empty": (setter("data", "train", value={"X": [], "y": []}), "data.train"),
    "n_classes wrong": (setter("data", "n_classes", value=3), "data.n_classes"),
    "n_classes garbage": (setter("data", "n_classes", value="2"), "data.n_classes"),
    "points lost": (lambda d: (d["data"]["val"]["X"].pop(), d["data"]["val"]["y"].pop()),
                    "n_samples"),
    "pool garbage": (setter("data", "pool", value=3), "data.pool"),
    "pool bad labels": (setter("data", "pool", value={"X": [[0, 0], [1, 1]], "y": [0, 9]}),
                        "data.pool"),
    # history
    "history garbage": (setter("history", value=[]), "history"),
    "history step negative": (setter("history", "step", 0, value=-1), "history.step"),
    "history step beyond": (setter("history", "step", -1, value=10**6), "history.step"),
    "history step decreasing": (setter("history", "step", -1, value=0), "history.step"),
    "history loss string": (setter("history", "train_loss", 0, value="x"), "history.train_loss"),
    "history loss infinite": (setter("history", "val_loss", 0, value=float("inf")),
                              "history.val_loss"),
    "history accuracy": (setter("history", "test_accuracy", 0, value=1.5),
                         "history.test_accuracy"),
    "history ragged": (lambda d: d["history"]["learning_rate"].pop(), "history"),
    "history grad_norms": (setter("history", "grad_norms", 0, value=[1.0]), "history.grad_norms"),
    "history missing": (dropper("history", "step"), "history.step is missing"),
    # early stopping
    "early garbage": (setter("early_stopping", value=None), "early_stopping"),
    "best_loss string": (setter("early_stopping", "best_loss", value="0.1"),
                         "early_stopping.best_loss"),
    "best_params short": (setter("early_stopping", "best_params", value=[0.0]),
                          "early_stopping.best_params"),
    "best_loss without params": (setter("early_stopping", "best_params", value=None),
                                 "early_stopping"),
    "wait beyond patience": (setter("early_stopping", "wait", value=4), "early_stopping.wait"),
    "wait negative": (setter("early_stopping", "wait", value=-2), "early_stopping.wait"),
}  # fmt: skip


@pytest.mark.parametrize(("change", "field"), MUTATIONS.values(), ids=list(MUTATIONS))
def test_every_field_of_a_save_is_checked(change: Any, field: str) -> None:
    document = saved(ADAM)
    assert document["early_stopping"]["best_loss"] is not None  # the cases above need one
    assert document["trainer"]["undo"] is not None
    change(document)
    with pytest.raises(ValueError, match="saved run") as caught:
        Run.from_dict(document)
    assert field in str(caught.value)


REGRESSION_MUTATIONS: dict[str, tuple[Any, str]] = {
    "NaN target": (setter("data", "train", "y", 0, value=None), "data.train.y"),
    "infinite target": (setter("data", "test", "y", 0, value=float("-inf")), "data.test.y"),
    "string target": (setter("data", "val", "y", 0, value="1"), "data.val.y"),
    "n_classes for regression": (setter("data", "n_classes", value=2), "data.n_classes"),
}


@pytest.mark.parametrize(
    ("change", "field"), REGRESSION_MUTATIONS.values(), ids=list(REGRESSION_MUTATIONS)
)
def test_regression_targets_are_checked(change: Any, field: str) -> None:
    document = saved(REGRESSION)
    change(document)
    with pytest.raises(ValueError, match="saved run") as caught:
        Run.from_dict(document)
    assert field in str(caught.value)


def test_user_point_labels_are_checked_against_the_pool() -> None:
    run = Run({"data": {"n_samples": 50}})
    X = np.random.default_rng(2).uniform(-4, 4, size=(30, 2))
    run.set_points(X, (X[:, 0] > 0).astype(int))
    document = json.loads(json.dumps(run.to_dict()))
    assert Run.from_dict(json.loads(json.dumps(document))).points() == run.points()
    document["data"]["pool"]["X"].pop()
    document["data"]["pool"]["y"].pop()
    with pytest.raises(ValueError, match=r"saved run: data\.train, data\.val and data\.test"):
        Run.from_dict(document)


@pytest.mark.parametrize("config", [ADAM, REGRESSION, *CASES], ids=lambda c: str(c)[:40])
def test_valid_saves_still_load(config: dict[str, Any]) -> None:
    document = saved(config, steps=11)
    run = Run.from_dict(document)
    assert run.to_dict() == document


def test_a_diverged_save_with_its_step_loads() -> None:
    run = Run(
        {
            "data": {"dataset": "plane"},
            "network": {"hidden_layer_sizes": [], "output": "regression", "loss": "mse"},
            "training": {"learning_rate": 1e3},
        },
        coach=False,  # the NaN guard alone
    )
    run.train(steps=500)
    document = json.loads(json.dumps(run.to_dict(), allow_nan=False))
    assert document["diverged_at"] == document["trainer"]["step"]
    assert Run.from_dict(document).diverged_at == run.diverged_at
