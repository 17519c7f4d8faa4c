"""Tests for the dataset table: shapes, the box, determinism, balance, noise and errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from engine.datasets import (
    BOX,
    CROSS_LINES,
    DATASETS,
    MAX_SAMPLES,
    SPIRAL_TURNS,
    bumps,
    checker_label,
    cross_margin,
    generate,
    n_classes_of,
    reflect_into_box,
)

ALL = sorted(DATASETS)
CLASSIFICATION = sorted(name for name, spec in DATASETS.items() if spec.kind == "classification")
REGRESSION = sorted(name for name, spec in DATASETS.items() if spec.kind == "regression")
MULTI = sorted(name for name, spec in DATASETS.items() if spec.uses_n_classes)
JITTERED = ["blobs", "circle", "circles_crosses", "gaussians", "moons", "spiral"]
RELABELLED = ["checkerboard", "xor"]


def draw(
    name: str, n: int = 400, noise: float = 0.1, seed: int = 0, k: int = 2
) -> tuple[NDArray[np.float64], NDArray[Any]]:
    return generate(name, n, noise, np.random.default_rng(seed), k)


def linear_accuracy(X: NDArray[np.float64], y: NDArray[Any]) -> float:
    """Training accuracy of logistic regression on (x1, x2, 1), fitted by Newton's method."""
    A = np.column_stack([X, np.ones(len(X))])
    w = np.zeros(3)
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-(A @ w)))
        hessian = (A * (p * (1 - p))[:, None]).T @ A + 1e-3 * np.eye(3)
        w -= np.linalg.solve(hessian, A.T @ (p - y) + 1e-3 * w)
    return float(np.mean((A @ w > 0) == y))


def test_table_has_every_dataset_of_the_contract() -> None:
    assert set(DATASETS) == {
        "circles_crosses", "xor", "circle", "gaussians", "spiral", "moons", "blobs",
        "checkerboard", "plane", "multi_gaussian",
    }  # fmt: skip
    assert REGRESSION == ["multi_gaussian", "plane"]
    assert MULTI == ["blobs", "spiral"]


@pytest.mark.parametrize("name", ALL)
def test_spec_is_named_and_described(name: str) -> None:
    spec = DATASETS[name]
    assert spec.name == name
    assert spec.kind in ("classification", "regression")
    assert spec.description.endswith(".") and "noise" in spec.description
    assert spec.to_dict()["name"] == name and "generate" not in spec.to_dict()


@pytest.mark.parametrize("noise", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("name", ALL)
def test_shapes_dtypes_and_box(name: str, noise: float) -> None:
    X, y = draw(name, n=301, noise=noise)
    assert X.shape == (301, 2) and X.dtype == np.float64
    assert y.shape == (301,)
    expected = np.int64 if DATASETS[name].kind == "classification" else np.float64
    assert y.dtype == expected
    assert np.all(np.isfinite(X)) and np.all(np.isfinite(y))
    assert np.all(np.abs(X) <= BOX)


@pytest.mark.parametrize("name", ALL)
def test_same_seed_same_data_other_seed_other_data(name: str) -> None:
    X1, y1 = draw(name, seed=7)
    X2, y2 = draw(name, seed=7)
    X3, _ = draw(name, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("name", ALL)
def test_global_numpy_seed_does_not_matter(name: str) -> None:
    np.random.seed(1)
    X1, _ = draw(name)
    np.random.seed(2)
    X2, _ = draw(name)
    np.testing.assert_array_equal(X1, X2)


@pytest.mark.parametrize("name", ALL)
def test_noise_changes_the_data(name: str) -> None:
    X0, y0 = draw(name, noise=0.0)
    X1, y1 = draw(name, noise=0.5)
    assert not (np.array_equal(X0, X1) and np.array_equal(y0, y1))


@pytest.mark.parametrize("name", JITTERED)
def test_jitter_spreads_points_more_with_more_noise(name: str) -> None:
    X0, _ = draw(name, n=2000, noise=0.0)
    moved = [np.mean(np.abs(draw(name, n=2000, noise=v)[0] - X0)) for v in (0.05, 0.2, 0.5)]
    assert 0 < moved[0] < moved[1] < moved[2]


@pytest.mark.parametrize("name", JITTERED)
def test_jitter_std_is_three_times_noise(name: str) -> None:
    X0, y0 = draw(name, n=4000, noise=0.0)
    X1, y1 = draw(name, n=4000, noise=0.1)  # same seed: same clean points, only jitter added
    np.testing.assert_array_equal(y0, y1)
    unclipped = np.all(np.abs(X1) < BOX, axis=1)
    assert np.std(X1[unclipped] - X0[unclipped]) == pytest.approx(0.3, rel=0.05)


@pytest.mark.parametrize("name", REGRESSION)
def test_target_noise_std_is_half_the_noise(name: str) -> None:
    X0, y0 = draw(name, n=4000, noise=0.0)
    X1, y1 = draw(name, n=4000, noise=0.4)
    np.testing.assert_array_equal(X0, X1)
    assert np.std(y1 - y0) == pytest.approx(0.2, rel=0.05)


@pytest.mark.parametrize("name", RELABELLED)
def test_label_noise_replaces_labels_with_probability_noise(name: str) -> None:
    X0, y0 = draw(name, n=20000, noise=0.0)
    X1, y1 = draw(name, n=20000, noise=0.4)
    np.testing.assert_array_equal(X0, X1)  # only labels move
    assert np.mean(y0 != y1) == pytest.approx(0.2, abs=0.015)  # random class: flips half


@pytest.mark.parametrize("n", [300, 301, 302, 303])
@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classes_are_balanced(name: str, n: int) -> None:
    k = 4 if DATASETS[name].uses_n_classes else 2
    counts = np.bincount(draw(name, n=n, noise=0.0, k=k)[1], minlength=k)
    assert len(counts) == k
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classes_stay_roughly_balanced_with_noise(name: str) -> None:
    counts = np.bincount(draw(name, n=2000, noise=0.5)[1], minlength=2)
    assert counts.min() >= 0.45 * 2000


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("name", MULTI)
def test_n_classes_is_respected(name: str, k: int) -> None:
    _, y = draw(name, n=600, k=k)
    assert sorted(set(y.tolist())) == list(range(k))
    assert n_classes_of(name, k) == k


@pytest.mark.parametrize("name", sorted(set(CLASSIFICATION) - set(MULTI)))
def test_two_class_sets_ignore_n_classes(name: str) -> None:
    _, y = draw(name, k=5)
    assert sorted(set(y.tolist())) == [0, 1]
    assert n_classes_of(name, 5) == 2


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_targets_lie_in_about_minus_one_to_one(name: str) -> None:
    _, y = draw(name, n=2000, noise=0.0)
    assert y.min() >= -1.0 and y.max() <= 1.0
    assert y.max() - y.min() > 1.5
    assert n_classes_of(name, 4) == 0


def test_circles_crosses_is_cut_exactly_by_the_two_lines() -> None:
    X, y = draw("circles_crosses", n=2000, noise=0.0)
    (a1, b1), (a2, b2) = CROSS_LINES
    above_p1 = X[:, 1] > a1 * X[:, 0] + b1
    below_p2 = X[:, 1] < a2 * X[:, 0] + b2
    np.testing.assert_array_equal(y, (above_p1 & below_p2).astype(np.int64))
    np.testing.assert_array_equal(y == 1, cross_margin(X) > 0)


def test_circles_crosses_is_not_linearly_separable() -> None:
    X, y = draw("circles_crosses", n=2000, noise=0.0)
    assert linear_accuracy(X, y) < 0.8


def test_linear_fit_does_separate_gaussians() -> None:
    X, y = draw("gaussians", n=2000, noise=0.0)  # the check above can succeed, so it can fail
    assert linear_accuracy(X, y) > 0.97


def test_two_hidden_units_solve_circles_crosses() -> None:
    X, y = draw("circles_crosses", n=2000, noise=0.0)
    (a1, b1), (a2, b2) = CROSS_LINES
    W1 = 20.0 * np.array([[-a1, 1.0], [a2, -1.0]])  # h1: above P1, h2: below P2
    b1_hidden = 20.0 * np.array([-b1, b2])
    hidden = np.tanh(X @ W1.T + b1_hidden)
    output = hidden @ np.array([1.0, 1.0]) - 1.0  # both near +1 -> positive
    assert np.mean((output > 0) == y) == 1.0


def test_xor_label_is_shared_sign() -> None:
    X, y = draw("xor", n=1000, noise=0.0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) == np.sign(X[:, 1])).astype(np.int64))


def test_circle_disc_is_inside_ring() -> None:
    X, y = draw("circle", n=1000, noise=0.0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius[y == 1].max() < radius[y == 0].min()


def test_checkerboard_label_is_square_colour() -> None:
    X, y = draw("checkerboard", n=1000, noise=0.0)
    np.testing.assert_array_equal(y, checker_label(X))
    corners = np.array([[-5.0, -5.0], [-2.0, -5.0], [5.0, 5.0], [6.0, 6.0]])
    assert checker_label(corners).tolist() == [0, 1, 0, 0]


@pytest.mark.parametrize("k", [2, 3, 6])
def test_spiral_points_lie_on_their_arm(k: int) -> None:
    X, y = draw("spiral", n=600, noise=0.0, k=k)
    s = (np.hypot(X[:, 0], X[:, 1]) - 0.4) / 5.0
    t = 2.0 * np.pi * (SPIRAL_TURNS * s + y / k)
    np.testing.assert_allclose(
        X, np.column_stack([np.cos(t), np.sin(t)]) * (0.4 + 5.0 * s)[:, None]
    )


@pytest.mark.parametrize("k", [2, 5])
def test_blobs_centre_on_a_circle_one_per_class(k: int) -> None:
    X, y = draw("blobs", n=6000, noise=0.0, k=k)
    angles = np.pi / 2 + 2.0 * np.pi * np.arange(k) / k
    centres = 3.5 * np.column_stack([np.cos(angles), np.sin(angles)])
    means = np.array([X[y == c].mean(axis=0) for c in range(k)])
    np.testing.assert_allclose(means, centres, atol=0.1)


def test_moons_are_the_documented_half_circles() -> None:
    X, y = draw("moons", n=500, noise=0.0)
    P = X / 3.5 + np.array([0.5, 0.25])
    np.testing.assert_allclose(np.hypot(P[y == 0, 0], P[y == 0, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(P[y == 1, 0] - 1.0, P[y == 1, 1] - 0.5), 1.0)
    assert np.all(P[y == 0, 1] >= 0) and np.all(P[y == 1, 1] <= 0.5)


def test_multi_gaussian_is_the_sum_of_bumps() -> None:
    X, y = draw("multi_gaussian", noise=0.0)
    np.testing.assert_allclose(y, bumps(X))
    assert bumps(np.array([[-4.0, 2.5], [0.0, 2.5]])) == pytest.approx([1.0, -1.0], abs=0.1)


def test_plane_is_the_documented_linear_function() -> None:
    X, y = draw("plane", noise=0.0)
    np.testing.assert_allclose(y, (X[:, 0] + X[:, 1]) / 12.0)


def test_smallest_sets_work() -> None:
    for name in ALL:
        k = 6 if DATASETS[name].uses_n_classes else 2
        X, _ = draw(name, n=max(2, k), k=k)
        assert len(X) == max(2, k)


def test_unknown_dataset_lists_the_choices() -> None:
    with pytest.raises(ValueError, match=r"unknown dataset 'spirals'.*circles_crosses.*plane"):
        draw("spirals")
    with pytest.raises(ValueError, match="unknown dataset"):
        n_classes_of("nope", 2)


@pytest.mark.parametrize("n", [0, 1, MAX_SAMPLES + 1, 2.5, True, "100"])
def test_bad_n_samples_raises(n: object) -> None:
    with pytest.raises(ValueError, match=r"n_samples .* must be an integer in \[2, 100000\]"):
        generate("xor", n, 0.1, np.random.default_rng(0))  # type: ignore[arg-type]


def test_too_few_samples_for_the_classes_raises() -> None:
    with pytest.raises(ValueError, match=r"n_samples for 'spiral' must be an integer in \[5,"):
        draw("spiral", n=4, k=5)


@pytest.mark.parametrize("noise", [-0.1, 1.5, float("nan"), float("inf"), None, True])
def test_bad_noise_raises(noise: object) -> None:
    with pytest.raises(ValueError, match=r"noise must be a number in \[0, 1\]"):
        generate("moons", 100, noise, np.random.default_rng(0))  # type: ignore[arg-type]


@pytest.mark.parametrize("k", [1, 7, 0, 2.0, True])
@pytest.mark.parametrize("name", MULTI)
def test_bad_n_classes_raises(name: str, k: object) -> None:
    with pytest.raises(ValueError, match=r"n_classes for .* must be an integer in \[2, 6\]"):
        generate(name, 100, 0.1, np.random.default_rng(0), k)  # type: ignore[arg-type]


def test_rng_must_be_a_generator() -> None:
    with pytest.raises(TypeError, match=r"numpy\.random\.Generator"):
        generate("xor", 100, 0.1, 0)  # type: ignore[arg-type]


EDGE_BAND = 0.01 * 2 * BOX
"""Within 1 % of the box's width of its edge."""
BAND_SHARE = 1.0 - (1.0 - 2 * EDGE_BAND / (2 * BOX)) ** 2
"""The share of the box's area in that band (3.96 %): what an even spread over the box puts
there, and about what the clean uniform sets (xor, plane, multi_gaussian) do."""
EDGE_SAMPLES = 20_000


@pytest.mark.parametrize("noise", [0.0, 0.1, 0.5, 1.0])
@pytest.mark.parametrize("name", ALL)
def test_noisy_points_do_not_pile_up_on_the_edge(name: str, noise: float) -> None:
    X, _ = draw(name, n=EDGE_SAMPLES, noise=noise, seed=1, k=3 if name in MULTI else 2)
    to_edge = BOX - np.abs(X).max(axis=1)
    assert np.all(to_edge > 0.0)  # clipping put 3.5 % of circles_crosses exactly on it at 0.1
    slack = 4.0 * np.sqrt(BAND_SHARE * (1.0 - BAND_SHARE) / EDGE_SAMPLES)  # 4 sigma
    assert np.mean(to_edge < EDGE_BAND) < BAND_SHARE + slack


def test_reflection_mirrors_at_the_edges_and_leaves_inner_points_alone() -> None:
    # 19 -> -7 -> -5 and -30.5 -> 18.5 -> -6.5 -> -5.5: jitter wider than the box folds twice.
    X = np.array([[0.1234567, -5.999], [6.5, -7.0], [19.0, -6.0], [6.0, -30.5]])
    expected = np.array([[0.1234567, -5.999], [5.5, -5.0], [-5.0, -6.0], [6.0, -5.5]])
    np.testing.assert_allclose(reflect_into_box(X), expected, rtol=0, atol=1e-12)
    assert reflect_into_box(X)[0, 0] == X[0, 0]
