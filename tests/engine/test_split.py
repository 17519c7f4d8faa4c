"""Tests for the train / validation / test split: exact sizes, stratification and errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from engine.split import Split, split_counts, stratified_split


def labelled(counts: list[int]) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Points whose x1 is their row number (so rows can be traced) and labels by class."""
    y = np.repeat(np.arange(len(counts)), counts).astype(np.int64)
    X = np.column_stack([np.arange(len(y), dtype=np.float64), np.zeros(len(y))])
    return X, y


def rows(part: tuple[NDArray[np.float64], NDArray[np.int64]]) -> list[int]:
    return sorted(part[0][:, 0].astype(int).tolist())


def split(
    X: NDArray[np.float64],
    y: NDArray[np.generic],
    train: float = 0.6,
    val: float = 0.2,
    seed: int = 0,
) -> Split:
    return stratified_split(X, y, train, val, np.random.default_rng(seed))


@pytest.mark.parametrize(
    ("n", "train", "val", "expected"),
    [
        (100, 0.6, 0.2, (60, 20, 20)),
        (10, 0.7, 0.2, (7, 2, 1)),
        (7, 0.5, 0.25, (4, 1, 2)),  # train 3.5 -> 4, train + val 5.25 -> 5
        (5, 1.0, 0.0, (5, 0, 0)),
        (5, 0.8, 0.2, (4, 1, 0)),
        (1, 0.1, 0.1, (1, 0, 0)),  # a point goes to training even when its share rounds to 0
        (3, 0.1, 0.5, (1, 1, 1)),  # round(0.3) = 0 -> 1, taken from validation
        (0, 0.6, 0.2, (0, 0, 0)),
    ],
)
def test_split_counts(n: int, train: float, val: float, expected: tuple[int, int, int]) -> None:
    assert split_counts(n, train, val) == expected


def test_parts_are_a_partition_of_the_data() -> None:
    X, y = labelled([40, 35, 25])
    parts = split(X, y)
    every = rows(parts.train) + rows(parts.val) + rows(parts.test)
    assert sorted(every) == list(range(100))
    for Xp, yp in (parts.train, parts.val, parts.test):
        np.testing.assert_array_equal(yp, y[Xp[:, 0].astype(int)])  # rows keep their labels


def test_each_class_is_split_by_the_ratios() -> None:
    counts = [40, 35, 25]
    X, y = labelled(counts)
    parts = split(X, y, 0.6, 0.2)
    for c, n_c in enumerate(counts):
        got = tuple(int(np.sum(part[1] == c)) for part in (parts.train, parts.val, parts.test))
        assert got == split_counts(n_c, 0.6, 0.2)
    assert parts.sizes() == (24 + 21 + 15, 8 + 7 + 5, 8 + 7 + 5)


def test_tiny_class_still_has_a_training_point() -> None:
    X, y = labelled([50, 1, 2])
    parts = split(X, y, 0.3, 0.3)
    assert set(parts.train[1].tolist()) == {0, 1, 2}


def test_without_stratify_only_total_sizes_follow_the_ratios() -> None:
    X, y = labelled([90, 10])
    sizes = set()
    for seed in range(20):
        parts = stratified_split(X, y, 0.5, 0.3, np.random.default_rng(seed), stratify=False)
        assert parts.sizes() == (50, 30, 20)
        sizes.add(int(np.sum(parts.train[1] == 1)))
    assert len(sizes) > 1  # class counts per part vary, unlike the stratified split


def test_regression_targets_get_a_plain_shuffled_split() -> None:
    X = np.column_stack([np.arange(10.0), np.zeros(10)])
    y = np.linspace(-1.0, 1.0, 10)
    parts = split(X, y, 0.5, 0.2)
    assert parts.sizes() == (5, 2, 3)
    assert parts.train[1].dtype == np.float64
    np.testing.assert_array_equal(parts.train[1], y[parts.train[0][:, 0].astype(int)])


def test_empty_val_and_test_have_shape_zero_by_two() -> None:
    X, y = labelled([5, 5])
    parts = split(X, y, 1.0, 0.0)
    assert parts.val[0].shape == (0, 2) and parts.val[1].shape == (0,)
    assert parts.test[0].shape == (0, 2) and parts.test[1].shape == (0,)
    assert parts.train[0].dtype == np.float64 and parts.train[1].dtype == np.int64


def test_parts_are_shuffled_not_grouped_by_class() -> None:
    X, y = labelled([100, 100])
    train_labels = split(X, y).train[1]
    assert not np.all(np.diff(train_labels) >= 0)


def test_same_seed_same_split_other_seed_other_split() -> None:
    X, y = labelled([30, 30])
    a, b, c = split(X, y, seed=1), split(X, y, seed=1), split(X, y, seed=2)
    np.testing.assert_array_equal(a.train[0], b.train[0])
    np.testing.assert_array_equal(a.test[0], b.test[0])
    assert rows(a.train) != rows(c.train)


def test_to_dict_gives_plain_lists() -> None:
    X, y = labelled([3, 3])
    data = split(X, y, 0.5, 0.5).to_dict()
    assert set(data) == {"train", "val", "test"}
    assert isinstance(data["train"]["X"][0], list) and isinstance(data["train"]["y"][0], int)
    assert data["test"] == {"X": [], "y": []}


@pytest.mark.parametrize(
    ("train", "val", "message"),
    [
        (0.0, 0.2, r"train_ratio must be in \(0, 1\], got 0.0"),
        (1.2, 0.0, r"train_ratio must be in \(0, 1\]"),
        (-0.5, 0.2, r"train_ratio must be in \(0, 1\]"),
        (float("nan"), 0.2, r"train_ratio must be in \(0, 1\]"),
        (0.6, -0.1, r"val_ratio must be in \[0, 1\]"),
        (0.6, 0.5, r"train_ratio \+ val_ratio must be at most 1"),
        ("0.6", 0.2, "train_ratio must be a number"),
        (0.6, True, "val_ratio must be a number"),
    ],
)
def test_bad_ratios_raise(train: float, val: float, message: str) -> None:
    X, y = labelled([5, 5])
    with pytest.raises(ValueError, match=message):
        split(X, y, train, val)
    with pytest.raises(ValueError, match=message):
        split_counts(10, train, val)


def test_ratios_summing_to_one_in_floating_point_are_accepted() -> None:
    X, y = labelled([10, 10])
    assert split(X, y, 0.7, 0.3).sizes() == (14, 6, 0)


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.zeros(4), np.zeros(4, dtype=np.int64), r"X must have shape \(n, features\)"),
        (np.zeros((4, 2)), np.zeros(3, dtype=np.int64), r"y must have shape \(4,\)"),
        (np.zeros((4, 2)), np.zeros((4, 1), dtype=np.int64), r"y must have shape \(4,\)"),
        (np.zeros((0, 2)), np.zeros(0, dtype=np.int64), "empty dataset"),
    ],
)
def test_bad_data_raises(X: NDArray[np.float64], y: NDArray[np.int64], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        split(X, y)
