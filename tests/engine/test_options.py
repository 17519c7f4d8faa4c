"""describe(): every option table as JSON, in step with the engine's tables."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.activations import ACTIVATIONS, get_activation
from engine.config import NetworkConfig
from engine.datasets import DATASETS
from engine.features import FEATURES
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES, OUTPUTS
from engine.optimizers import OPTIMIZERS
from engine.options import CURVE_POINTS, CURVE_RANGE, activation_curve, describe
from engine.regularizers import REGULARIZERS
from engine.schedules import SCHEDULES

TABLES = {
    "DATASETS": DATASETS,
    "ACTIVATIONS": ACTIVATIONS,
    "OUTPUTS": OUTPUTS,
    "LOSSES": LOSSES,
    "INITIALIZERS": INITIALIZERS,
    "OPTIMIZERS": OPTIMIZERS,
    "SCHEDULES": SCHEDULES,
    "REGULARIZERS": REGULARIZERS,
    "FEATURES": FEATURES,
}


def test_describe_lists_every_entry_of_every_table_in_order() -> None:
    options = describe()
    assert set(options) == set(TABLES)
    for name, table in TABLES.items():
        assert [entry["name"] for entry in options[name]] == list(table), name


def test_describe_is_plain_json_with_formulas() -> None:
    options = json.loads(json.dumps(describe(), allow_nan=False))
    for name in ("ACTIVATIONS", "LOSSES", "INITIALIZERS", "OPTIMIZERS", "SCHEDULES"):
        assert all(entry["formula"] for entry in options[name]), name
    outputs = {entry["name"]: entry for entry in options["OUTPUTS"]}
    assert outputs["regression"]["losses"] == ["mse"]
    assert outputs["multiclass"]["activation"] == "softmax"


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_curve_is_the_engine_forward_and_derivative_at_its_samples(name: str) -> None:
    [entry] = [entry for entry in describe()["ACTIVATIONS"] if entry["name"] == name]
    curve = entry["curve"]
    z = np.array(curve["z"])
    assert len(z) == len(curve["g"]) == len(curve["dg"]) == CURVE_POINTS
    assert (z[0], z[-1]) == (-CURVE_RANGE, CURVE_RANGE)
    assert np.allclose(np.diff(z), 2 * CURVE_RANGE / (CURVE_POINTS - 1), rtol=1e-4)
    activation = get_activation(name, NetworkConfig().leaky_slope)
    np.testing.assert_allclose(curve["g"], activation(z), rtol=1e-5, atol=1e-300)
    np.testing.assert_allclose(curve["dg"], activation.grad(z), rtol=1e-5, atol=1e-300)


@pytest.mark.parametrize("slope", [0.0, 0.1, 0.37, 1.0])
def test_activation_curve_samples_leaky_relu_at_the_slope_asked_for(slope: float) -> None:
    curve = activation_curve("leaky_relu", slope)
    z = np.array(curve["z"])
    activation = get_activation("leaky_relu", slope)
    np.testing.assert_allclose(curve["g"], activation(z), rtol=1e-5, atol=1e-300)
    np.testing.assert_allclose(curve["dg"], activation.grad(z), rtol=1e-5, atol=1e-300)
    negative = z < 0
    np.testing.assert_allclose(np.array(curve["g"])[negative], slope * z[negative], rtol=1e-5)
    assert set(np.array(curve["dg"])[negative]) == {slope}
    assert curve["z"] == activation_curve("tanh")["z"]


def test_activation_curve_defaults_to_the_default_leaky_slope() -> None:
    default = NetworkConfig().leaky_slope
    assert activation_curve("leaky_relu") == activation_curve("leaky_relu", default)
    assert activation_curve("leaky_relu", 0.1) != activation_curve("leaky_relu")


@pytest.mark.parametrize("name", [name for name in ACTIVATIONS if name != "leaky_relu"])
def test_only_leaky_relu_reads_the_slope(name: str) -> None:
    assert activation_curve(name, 0.5) == activation_curve(name)


@pytest.mark.parametrize("slope", [-0.1, 1.5, math.nan, math.inf, True, "0.1"])
def test_activation_curve_refuses_a_slope_out_of_range(slope: object) -> None:
    with pytest.raises(ValueError, match=r"network\.leaky_slope must be a number in \[0, 1\]"):
        activation_curve("leaky_relu", slope)  # type: ignore[arg-type]


def test_activation_curve_refuses_an_unknown_name_listing_the_choices() -> None:
    with pytest.raises(
        ValueError, match=f"unknown activation 'swish'; choose one of: {', '.join(ACTIVATIONS)}"
    ):
        activation_curve("swish", 0.1)
