"""Tests for the feature table, the feature matrix and the standardizer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from engine.features import FEATURES, Standardizer, make_features, make_features_into

FloatArray = NDArray[np.float64]
X = np.random.default_rng(3).uniform(-6.0, 6.0, size=(50, 2))
ALL = list(FEATURES)

EXPECTED: dict[str, Callable[[FloatArray], FloatArray]] = {
    "x1": lambda P: P[:, 0],
    "x2": lambda P: P[:, 1],
    "x1^2": lambda P: P[:, 0] ** 2,
    "x2^2": lambda P: P[:, 1] ** 2,
    "x1*x2": lambda P: P[:, 0] * P[:, 1],
    "sin(x1)": lambda P: np.sin(P[:, 0]),
    "sin(x2)": lambda P: np.sin(P[:, 1]),
}


def test_table_has_exactly_the_contract_names_in_order() -> None:
    assert ALL == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


@pytest.mark.parametrize("name", ALL)
def test_each_feature_computes_its_formula(name: str) -> None:
    spec = FEATURES[name]
    assert spec.name == name and spec.label and spec.formula
    values = spec(X)
    assert values.shape == (50,) and values.dtype == np.float64
    np.testing.assert_allclose(values, EXPECTED[name](X), rtol=1e-15)
    assert spec.to_dict() == {"name": name, "label": spec.label, "formula": spec.formula}


def test_make_features_stacks_columns_in_the_given_order() -> None:
    names = ["sin(x2)", "x1", "x1*x2"]
    F = make_features(X, names)
    assert F.shape == (50, 3) and F.dtype == np.float64
    for j, name in enumerate(names):
        np.testing.assert_allclose(F[:, j], EXPECTED[name](X))


def test_make_features_accepts_lists_of_points_and_ints() -> None:
    F = make_features([[1, 2], [3, 4]], ("x1^2", "x1*x2"))
    np.testing.assert_array_equal(F, [[1.0, 2.0], [9.0, 12.0]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_make_features_into_fills_a_preallocated_buffer(dtype: type) -> None:
    out: NDArray[Any] = np.full((50, len(ALL)), np.nan, dtype=dtype)
    result = make_features_into(X, ALL, out)
    assert result is out and out.dtype == dtype
    np.testing.assert_allclose(out, make_features(X, ALL), rtol=1e-6 if dtype == np.float32 else 0)


def test_make_features_into_reuses_a_buffer_across_calls() -> None:
    out = np.empty((50, 2))
    make_features_into(X, ["x1", "x2"], out)
    make_features_into(-X, ["x1", "x2"], out)
    np.testing.assert_array_equal(out, -X)


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([], "at least one feature"),
        (["x3"], r"unknown feature\(s\) \['x3'\]; choose from: x1, x2, x1\^2"),
        (["x1", "X1"], r"unknown feature\(s\) \['X1'\]"),
        (["x1", "x2", "x1"], r"\['x1'\] appear more than once"),
        ("x1", "must be a list"),
    ],
)
def test_bad_feature_names_raise(names: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_features(X, names)
    with pytest.raises(ValueError, match=message):
        make_features_into(X, names, np.empty((50, 1)))


@pytest.mark.parametrize("points", [np.zeros((5, 3)), np.zeros(5), np.zeros((2, 5, 2))])
def test_points_of_the_wrong_shape_raise(points: FloatArray) -> None:
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        make_features(points, ["x1"])
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        FEATURES["x1"](points)


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (np.empty((50, 3)), r"out must have shape \(50, 2\)"),
        (np.empty((49, 2)), r"out must have shape \(50, 2\)"),
        (np.empty((50, 2), dtype=np.int64), "float32 or float64"),
        ([[0.0, 0.0]] * 50, "float32 or float64"),
    ],
)
def test_bad_output_buffer_raises(out: FloatArray, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_features_into(X, ["x1", "x2"], out)


def test_standardizer_gives_zero_mean_unit_std_on_training_data() -> None:
    F = make_features(X, ["x1", "x1^2", "x1*x2"])
    scaler = Standardizer.fit(F)
    Z = scaler.transform(F)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(scaler.mean, F.mean(axis=0))
    np.testing.assert_allclose(scaler.std, F.std(axis=0))


def test_standardizer_uses_the_fitted_statistics_on_new_data() -> None:
    scaler = Standardizer.fit(np.array([[0.0, 10.0], [2.0, 30.0]]))  # mean (1, 20), std (1, 10)
    np.testing.assert_allclose(scaler.transform(np.array([[3.0, 0.0]])), [[2.0, -2.0]])


def test_constant_column_gets_std_one() -> None:
    F = np.column_stack([np.full(10, 0.1), np.arange(10.0)])
    scaler = Standardizer.fit(F)
    assert scaler.std[0] == 1.0
    Z = scaler.transform(F)
    assert np.all(np.isfinite(Z))
    np.testing.assert_allclose(Z[:, 0], 0.0, atol=1e-15)


def test_transform_into_a_buffer_and_in_place() -> None:
    F = make_features(X, ["x1", "x2"])
    scaler = Standardizer.fit(F)
    expected = scaler.transform(F)
    out = np.empty((50, 2), dtype=np.float32)
    assert scaler.transform(F, out=out) is out
    np.testing.assert_allclose(out, expected, rtol=1e-5)
    G = F.copy()
    scaler.transform(G, out=G)
    np.testing.assert_allclose(G, expected)


def test_identity_standardizer_changes_nothing() -> None:
    F = make_features(X, ["x1", "sin(x2)"])
    np.testing.assert_array_equal(Standardizer.identity(2).transform(F), F)


def test_standardizer_round_trips_through_json() -> None:
    scaler = Standardizer.fit(make_features(X, ALL))
    data = json.loads(json.dumps(scaler.to_dict()))
    assert set(data) == {"mean", "std"} and isinstance(data["mean"], list)
    again = Standardizer.from_dict(data)
    np.testing.assert_array_equal(again.mean, scaler.mean)
    np.testing.assert_array_equal(again.std, scaler.std)


def test_transform_with_the_wrong_width_raises() -> None:
    scaler = Standardizer.identity(2)
    with pytest.raises(ValueError, match=r"expected features of shape \(n, 2\), got \(50, 3\)"):
        scaler.transform(np.zeros((50, 3)))


@pytest.mark.parametrize(
    "F", [np.zeros((0, 2)), np.zeros(4), np.array([[1.0, np.nan], [2.0, 3.0]])]
)
def test_fit_on_empty_flat_or_non_finite_data_raises(F: FloatArray) -> None:
    with pytest.raises(ValueError, match="fit needs"):
        Standardizer.fit(F)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mean": [0.0]}, "needs numeric lists 'mean' and 'std'"),
        ({"mean": ["a"], "std": [1.0]}, "needs numeric lists"),
        ({"mean": [0.0, 1.0], "std": [1.0]}, "lists of one length"),
        ({"mean": [0.0], "std": [0.0]}, "std finite and positive"),
        ({"mean": [float("nan")], "std": [1.0]}, "mean must be finite"),
    ],
)
def test_from_dict_rejects_bad_data(data: dict[str, list[object]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Standardizer.from_dict(data)
