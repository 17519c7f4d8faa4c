"""The run configuration: defaults, validation messages and merging."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from typing import Any

import pytest

from engine.config import SECTIONS, RunConfig
from engine.schedules import SCHEDULES

DEFAULTS = {
    "random_state": 0,
    "data": {
        "dataset": "circles_crosses",
        "n_samples": 300,
        "noise": 0.1,
        "n_classes": 2,
        "train_ratio": 0.6,
        "val_ratio": 0.2,
    },
    "features": {"inputs": ["x1", "x2"], "standardize": False},
    "network": {
        "hidden_layer_sizes": [4, 2],
        "activation": "tanh",
        "leaky_slope": 0.01,
        "output": "binary",
        "loss": "cross_entropy",
        "kernel_initializer": "glorot_uniform",
        "kernel_init_scale": 1.0,
        "bias_initializer": "zeros",
        "bias_init_scale": 0.0,
    },
    "training": {
        "learning_rate": 0.03,
        "batch_size": 10,
        "optimizer": "sgd",
        "momentum": 0.0,
        "nesterov": False,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "rho": 0.9,
        "epsilon": 1e-8,
        "schedule": "constant",
        "decay_rate": 0.5,
        "decay_steps": 1000,
        "power_t": 0.5,
        "min_learning_rate": 0.0,
        "regularization": "none",
        "alpha": 0.0,
        "dropout": 0.0,
        "early_stopping": False,
        "patience": 20,
        "min_delta": 0.0,
        "clip_norm": None,
    },
}


def test_empty_config_resolves_to_the_documented_defaults() -> None:
    assert RunConfig.from_dict({}).to_dict() == DEFAULTS
    assert RunConfig.from_dict(None).to_dict() == DEFAULTS


def test_resolved_config_round_trips_through_json() -> None:
    config = RunConfig.from_dict({"network": {"activation": ["relu", "gelu"]}})
    again = RunConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert again == config


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"colour": 1}, "unknown field colour"),
        ({"network": {"depth": 3}}, "unknown field network.depth"),
        ({"random_state": -1}, "random_state must be an integer"),
        ({"data": {"dataset": "iris"}}, "data.dataset must be one of: circles_crosses, xor"),
        ({"data": {"noise": 2}}, r"data.noise must be a number in \[0, 1\]"),
        ({"data": {"train_ratio": 0.9, "val_ratio": 0.2}}, "at most 1"),
        ({"data": {"dataset": "spiral", "n_classes": 9}}, "data.n_classes"),
        ({"data": {"n_samples": 1}}, "data.n_samples"),
        ({"features": {"inputs": []}}, "features.inputs must be a non-empty list"),
        ({"features": {"inputs": ["x3"]}}, "features.inputs"),
        ({"features": {"inputs": ["x1", "x1"]}}, "twice"),
        ({"network": {"hidden_layer_sizes": [4, 0]}}, "network.hidden_layer_sizes"),
        ({"network": {"hidden_layer_sizes": [2] * 17}}, "at most 16"),
        ({"network": {"activation": "swish"}}, "network.activation must be one of"),
        ({"network": {"activation": ["tanh"]}}, "one name per hidden layer"),
        ({"network": {"output": "softmax"}}, "network.output must be one of: binary"),
        ({"network": {"loss": "hinge"}}, "network.loss must be one of: cross_entropy, mse"),
        ({"network": {"kernel_initializer": "orthogonal"}}, "kernel_initializer"),
        ({"training": {"learning_rate": 0}}, "training.learning_rate"),
        ({"training": {"batch_size": 0}}, "training.batch_size"),
        ({"training": {"batch_size": 2.5}}, "training.batch_size must be an integer"),
        ({"training": {"optimizer": "lbfgs"}}, "training.optimizer must be one of: sgd, adam"),
        ({"training": {"schedule": "cyclic"}}, "training.schedule must be one of"),
        ({"training": {"regularization": "l3"}}, "training.regularization must be one of"),
        ({"training": {"dropout": 1.0}}, "training.dropout"),
        ({"training": {"nesterov": "yes"}}, "training.nesterov must be true or false"),
        ({"training": {"clip_norm": -1}}, "training.clip_norm"),
        ({"training": {"momentum": float("nan")}}, "training.momentum"),
    ],
)
def test_bad_values_name_the_field(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RunConfig.from_dict(values)


BAD_VALUES: dict[str, Any] = {
    "random_state": -1,
    "data.dataset": "iris", "data.n_samples": 0, "data.noise": 2, "data.n_classes": 99,
    "data.train_ratio": 0, "data.val_ratio": -0.1,
    "features.inputs": ["x3"], "features.standardize": "yes",
    "network.hidden_layer_sizes": [300], "network.activation": "swish",
    "network.leaky_slope": 2, "network.output": "softmax", "network.loss": "hinge",
    "network.kernel_initializer": "orthogonal", "network.kernel_init_scale": 1e3,
    "network.bias_initializer": "ones", "network.bias_init_scale": -1e3,
    "training.learning_rate": 0, "training.batch_size": 0, "training.optimizer": "lbfgs",
    "training.momentum": 1.5, "training.nesterov": 1, "training.beta_1": 1.0,
    "training.beta_2": -0.5, "training.rho": 2, "training.epsilon": 0,
    "training.schedule": "cyclic", "training.decay_rate": 0, "training.decay_steps": 0,
    "training.power_t": 11, "training.min_learning_rate": -1, "training.regularization": "l3",
    "training.alpha": -1, "training.dropout": 1.0, "training.early_stopping": "on",
    "training.patience": 0, "training.min_delta": -1, "training.clip_norm": 0,
}  # fmt: skip
ALLOWED = re.compile(r"one of: \w|in [\[(]-?\d|true or false")


def test_every_field_has_a_bad_value_case() -> None:
    names = {f"{section}.{f.name}" for section, cls in SECTIONS.items() for f in fields(cls)}
    assert set(BAD_VALUES) == names | {"random_state"}


@pytest.mark.parametrize(("field", "value"), BAD_VALUES.items())
def test_every_bad_field_is_named_with_what_it_accepts(field: str, value: Any) -> None:
    section, _, name = field.rpartition(".")
    values = {section: {name: value}} if section else {name: value}
    with pytest.raises(ValueError) as error:
        RunConfig.from_dict(values)
    message = str(error.value)
    assert field in message and ALLOWED.search(message), message


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"data": {"dataset": "plane"}}, "does not fit the regression dataset"),
        ({"network": {"output": "regression", "loss": "mse"}}, "does not fit the classification"),
        ({"data": {"dataset": "plane"}, "network": {"output": "regression"}}, "choose one of: mse"),
        ({"data": {"dataset": "spiral", "n_classes": 3}}, "binary' needs 2 classes"),
    ],
)
def test_output_must_fit_the_dataset(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RunConfig.from_dict(values)


def test_fitting_combinations_are_accepted() -> None:
    RunConfig.from_dict(
        {"data": {"dataset": "plane"}, "network": {"output": "regression", "loss": "mse"}}
    )
    RunConfig.from_dict(
        {"data": {"dataset": "spiral", "n_classes": 4}, "network": {"output": "multilabel"}}
    )


def test_merge_changes_only_the_given_fields_and_validates() -> None:
    base = RunConfig.from_dict({"training": {"learning_rate": 0.1}})
    merged = base.merged({"training": {"batch_size": 5}, "random_state": 3})
    assert merged.training.learning_rate == 0.1 and merged.training.batch_size == 5
    assert merged.random_state == 3 and base.random_state == 0
    assert merged.changed_sections(base) == {"training", "random_state"}
    with pytest.raises(ValueError, match=r"training\.batch_size"):
        base.merged({"training": {"batch_size": -5}})
    assert base.training.batch_size == 10


def test_activation_list_gives_one_per_layer() -> None:
    config = RunConfig.from_dict({"network": {"hidden_layer_sizes": [3, 3, 3]}})
    assert config.network.activations() == ["tanh"] * 3
    config = RunConfig.from_dict(
        {"network": {"hidden_layer_sizes": [3, 3], "activation": ["relu", "elu"]}}
    )
    assert config.network.activations() == ["relu", "elu"]


@pytest.mark.parametrize("schedule", [n for n, sched in SCHEDULES.items() if sched.decays])
def test_a_floor_above_the_learning_rate_is_refused_naming_both_fields(schedule: str) -> None:
    config = {"training": {"schedule": schedule, "learning_rate": 0.05, "min_learning_rate": 0.1}}
    with pytest.raises(ValueError) as caught:
        RunConfig.from_dict(config)
    message = str(caught.value)
    assert "training.min_learning_rate (0.1)" in message
    assert "training.learning_rate (0.05)" in message and repr(schedule) in message


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_a_floor_equal_to_the_learning_rate_is_accepted(schedule: str) -> None:
    config = {"training": {"schedule": schedule, "learning_rate": 0.05, "min_learning_rate": 0.05}}
    assert RunConfig.from_dict(config).training.min_learning_rate == 0.05


def test_the_constant_schedule_ignores_the_floor() -> None:
    config = {"training": {"learning_rate": 0.05, "min_learning_rate": 0.1}}
    assert RunConfig.from_dict(config).training.schedule == "constant"


def test_lowering_the_learning_rate_under_the_floor_is_refused_too() -> None:
    run = RunConfig.from_dict({"training": {"schedule": "cosine", "min_learning_rate": 0.01}})
    with pytest.raises(ValueError, match=r"must not exceed training\.learning_rate"):
        run.merged({"training": {"learning_rate": 0.001}})
