"""The grid pass and the single-example trace."""

from __future__ import annotations

import tracemalloc
from typing import Any

import numpy as np
import pytest

from engine import Run
from engine.inspect import GRID_FEATURES, GridFeatureCache, grid_points

CONFIG: dict[str, Any] = {
    "data": {"dataset": "circles_crosses", "n_samples": 100},
    "features": {"inputs": ["x1", "x2", "x1*x2"], "standardize": True},
    "network": {"hidden_layer_sizes": [5, 3]},
}

LARGEST: dict[str, Any] = {
    "features": {"inputs": ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]},
    "network": {"hidden_layer_sizes": [16] * 8},
}


def test_grid_points_run_from_top_left() -> None:
    points = grid_points(3).reshape(3, 3, 2)
    np.testing.assert_array_equal(points[0, 0], [-6.0, 6.0])
    np.testing.assert_array_equal(points[0, 2], [6.0, 6.0])
    np.testing.assert_array_equal(points[2, 0], [-6.0, -6.0])


def test_grid_output_matches_predict_proba_in_float32() -> None:
    run = Run(CONFIG)
    run.train(steps=200)
    grid = run.grid(7)
    assert grid.output.shape == (7, 7, 1) and grid.output.dtype == np.float32
    expected = run.predict_proba(grid_points(7)).reshape(7, 7, 1)
    np.testing.assert_allclose(grid.output, expected, atol=1e-5)
    corner = run.predict_proba([[-6.0, 6.0]])[0, 0]
    assert grid.output[0, 0, 0] == pytest.approx(corner, abs=1e-5)
    assert grid.neurons == []


def test_grid_neurons_are_the_hidden_activations() -> None:
    run = Run(CONFIG)
    grid = run.grid(5, neurons=True)
    assert [n.shape for n in grid.neurons] == [(5, 5, 5), (5, 5, 3)]
    inputs = run._data.features_of(grid_points(5), CONFIG["features"]["inputs"])
    hidden = run.net.forward(inputs).activations[:-1]
    for got, want in zip(grid.neurons, hidden, strict=True):
        np.testing.assert_allclose(got.reshape(25, -1), want, atol=1e-5)


def test_grids_are_not_overwritten_by_the_next_pass() -> None:
    run = Run(CONFIG)
    first = run.grid(6, neurons=True)
    kept = (first.output.copy(), [n.copy() for n in first.neurons])
    run.train(steps=100)
    second = run.grid(6, neurons=True)
    run.grid(6)
    np.testing.assert_array_equal(first.output, kept[0])
    for neuron, copy in zip(first.neurons, kept[1], strict=True):
        np.testing.assert_array_equal(neuron, copy)
    assert not np.array_equal(first.output, second.output)


def test_grid_follows_a_change_of_the_data() -> None:
    run = Run(CONFIG)
    before = run.grid(8).output.copy()
    run.update({"data": {"noise": 0.3}})
    after = run.grid(8)
    assert not np.array_equal(after.output, before)
    expected = run.predict_proba(grid_points(8)).reshape(8, 8, 1)
    np.testing.assert_allclose(after.output, expected, atol=1e-5)


def test_grid_passes_keep_no_memory_per_run_or_resolution() -> None:
    """Grids of the largest network at eight resolutions leave behind only the shared,
    bounded feature cache (a per-resolution workspace kept ~20 MB per grid per run)."""
    runs = [Run(LARGEST) for _ in range(3)]
    GRID_FEATURES.clear()
    tracemalloc.start()
    try:
        for run in runs:
            for resolution in range(193, 201):
                run.grid(resolution)
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert GRID_FEATURES.nbytes <= GRID_FEATURES.budget
    assert kept - GRID_FEATURES.nbytes < 1_000_000


def test_grid_feature_cache_stays_within_its_budget() -> None:
    one_grid = 50 * 50 * 2 * 8  # bytes of the x1, x2 features of a 50 x 50 grid
    cache = GridFeatureCache(budget=3 * one_grid)
    for resolution in (50, 50, 45, 40, 35, 30, 50):
        cache.get(resolution, ["x1", "x2"])
        assert cache.nbytes <= cache.budget
    assert cache.get(50, ["x1", "x2"]) is cache.get(50, ["x1", "x2"])
    huge = cache.get(100, ["x1", "x2"])  # larger than the whole budget: computed, not kept
    assert huge.shape == (100 * 100, 2) and cache.nbytes <= cache.budget
    np.testing.assert_array_equal(cache.get(30, ["x1", "x2"]), grid_points(30))


def test_multiclass_grid_has_one_channel_per_class() -> None:
    run = Run({"data": {"dataset": "blobs", "n_classes": 4}, "network": {"output": "multiclass"}})
    grid = run.grid(4)
    assert grid.output.shape == (4, 4, 4)
    np.testing.assert_allclose(grid.output.sum(axis=2), 1.0, atol=1e-5)


@pytest.mark.parametrize("resolution", [1, 0, 2.5, True, 5000])
def test_bad_resolution_is_refused(resolution: Any) -> None:
    with pytest.raises(ValueError, match=r"resolution must be an integer in \[2, 1000\]"):
        Run(CONFIG).grid(resolution)


@pytest.mark.parametrize(("x1", "x2", "name"), [("a", 0.0, "x1"), (0.0, float("nan"), "x2")])
def test_trace_point_is_checked(x1: Any, x2: Any, name: str) -> None:
    with pytest.raises(ValueError, match=f"{name} must be a number"):
        Run(CONFIG).trace(x1, x2, 1)


def test_grid_pass_in_row_blocks_matches_one_product() -> None:
    """A grid larger than one BLAS block gives the same numbers as the plain forward pass."""
    run = Run({**CONFIG, "network": {"hidden_layer_sizes": [16, 16, 16]}})
    run.train(steps=50)
    grid = run.grid(150, neurons=True)  # 22,500 points: several blocks per layer
    inputs = run._data.features_of(grid_points(150), CONFIG["features"]["inputs"])
    forward = run.net.forward(inputs)
    np.testing.assert_allclose(grid.output.reshape(-1, 1), forward.output, atol=1e-5)
    for got, want in zip(grid.neurons, forward.activations[:-1], strict=True):
        np.testing.assert_allclose(got.reshape(len(want), -1), want, atol=1e-5)


def test_trace_follows_the_backpropagation_equations() -> None:
    run = Run(CONFIG)
    run.train(steps=50)
    trace = run.trace(1.5, -2.0, 1)
    layers = trace["layers"]
    assert [len(layer["z"]) for layer in layers] == [5, 3, 1]
    a_prev = np.array(trace["input"])
    for index, layer in enumerate(layers):
        W, b = np.array(run.weights()[index]["W"]), np.array(run.weights()[index]["b"])
        np.testing.assert_allclose(layer["z"], W @ a_prev + b)
        np.testing.assert_allclose(layer["dW"], np.outer(layer["delta"], a_prev), atol=1e-15)
        np.testing.assert_allclose(layer["db"], layer["delta"])
        if index + 1 < len(layers):
            W_next = np.array(run.weights()[index + 1]["W"])
            slope = 1 - np.tanh(layer["z"]) ** 2
            np.testing.assert_allclose(
                layer["delta"], (W_next.T @ layers[index + 1]["delta"]) * slope
            )
        a_prev = np.array(layer["a"])
    assert layers[-1]["delta"][0] == pytest.approx(trace["output"][0] - 1)
    assert trace["loss"] == pytest.approx(-np.log(trace["output"][0]))


def test_trace_gradient_equals_the_network_gradient() -> None:
    run = Run(CONFIG)
    trace = run.trace(-0.5, 3.0, 0)
    inputs = run._data.features_of(np.array([[-0.5, 3.0]]), CONFIG["features"]["inputs"])
    grad = run.net.gradient(inputs, np.array([[0.0]]))
    views = run.net.views(grad)
    for layer, view in zip(trace["layers"], views, strict=True):
        np.testing.assert_allclose(layer["dW"], view[:, :-1])
        np.testing.assert_allclose(layer["db"], view[:, -1])


def test_trace_does_not_disturb_training_state() -> None:
    run = Run(CONFIG)
    run.train(steps=10)
    metrics = run.metrics()
    grad = run.net.grad.copy()
    run.trace(0.0, 0.0, 1)
    np.testing.assert_array_equal(run.net.grad, grad)
    run._metrics = None
    assert run.metrics() == metrics


def test_trace_without_label_has_no_backward_pass() -> None:
    trace = Run(CONFIG).trace(0.0, 1.0)
    assert trace["loss"] is None and trace["label"] is None
    assert all(layer["delta"] is None and layer["dW"] is None for layer in trace["layers"])


def test_trace_label_is_checked() -> None:
    with pytest.raises(ValueError, match=r"class in 0\.\.1"):
        Run(CONFIG).trace(0.0, 1.0, 2)
