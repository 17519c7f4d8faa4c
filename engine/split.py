"""Train / validation / test split of a dataset, stratified by class for classification.

Each class is shuffled and cut by the ratios on its own, so every split keeps the class
proportions; regression targets get one shuffled cut of the whole set. User points are not cut:
each already names its split (`assigned_split`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["Split", "assigned_split", "split_counts", "stratified_split"]

Pair = tuple[NDArray[Any], NDArray[Any]]
IndexArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class Split:
    """The three parts of a dataset, each an (X, y) pair; val and test may be empty."""

    train: Pair
    val: Pair
    test: Pair

    def sizes(self) -> tuple[int, int, int]:
        """(n_train, n_val, n_test)."""
        return len(self.train[1]), len(self.val[1]), len(self.test[1])

    def to_dict(self) -> dict[str, dict[str, list[Any]]]:
        """{"train": {"X": [[x1, x2], ...], "y": [...]}, "val": ..., "test": ...}."""
        parts = {"train": self.train, "val": self.val, "test": self.test}
        return {key: {"X": X.tolist(), "y": y.tolist()} for key, (X, y) in parts.items()}


def _check_ratios(train_ratio: float, val_ratio: float) -> None:
    """ValueError unless 0 < train_ratio <= 1, 0 <= val_ratio and train_ratio + val_ratio <= 1."""
    for name, value, limits in (
        ("train_ratio", train_ratio, "(0, 1]"),
        ("val_ratio", val_ratio, "[0, 1]"),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise ValueError(f"{name} must be a number in {limits}, got {value!r}")
    if not 0.0 < train_ratio <= 1.0:
        raise ValueError(f"train_ratio must be in (0, 1], got {train_ratio!r}")
    if not 0.0 <= val_ratio <= 1.0:
        raise ValueError(f"val_ratio must be in [0, 1], got {val_ratio!r}")
    if train_ratio + val_ratio > 1.0 + 1e-9:
        raise ValueError(
            f"train_ratio + val_ratio must be at most 1 (test gets the rest), "
            f"got {train_ratio!r} + {val_ratio!r}"
        )


def _round(value: float) -> int:
    """Round half up (Python's round() rounds half to even)."""
    return math.floor(value + 0.5)


def split_counts(n: int, train_ratio: float, val_ratio: float) -> tuple[int, int, int]:
    """How n points are cut: n_train = round(train_ratio n), n_train + n_val =
    round((train_ratio + val_ratio) n) capped at n, n_test = the rest; n_train >= 1 if n >= 1
    (taken from val, then test)."""
    _check_ratios(train_ratio, val_ratio)
    n_train = _round(train_ratio * n)
    n_kept = min(n, _round((train_ratio + val_ratio) * n))
    if n >= 1 and n_train == 0:
        n_train, n_kept = 1, max(n_kept, 1)
    return n_train, n_kept - n_train, n - n_kept


def _cut(
    index: IndexArray, train_ratio: float, val_ratio: float, rng: np.random.Generator
) -> tuple[IndexArray, IndexArray, IndexArray]:
    """Shuffle `index` and cut it into train / val / test by `split_counts`."""
    shuffled = rng.permutation(index)
    n_train, n_val, _ = split_counts(len(index), train_ratio, val_ratio)
    return shuffled[:n_train], shuffled[n_train : n_train + n_val], shuffled[n_train + n_val :]


def _check_data(X: NDArray[Any], y: NDArray[Any]) -> None:
    """ValueError unless X is (n, d), y is (n,) and n >= 1."""
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n, features), got {X.shape}")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"y must have shape ({len(X)},) to match X, got {y.shape}")
    if len(X) == 0:
        raise ValueError("cannot split an empty dataset")


def stratified_split(
    X: NDArray[Any],
    y: NDArray[Any],
    train_ratio: float,
    val_ratio: float,
    rng: np.random.Generator,
    stratify: bool = True,
) -> Split:
    """Split (X, y) into train / val / test; test gets 1 - train_ratio - val_ratio.

    With integer labels and `stratify`, each class c is cut by `split_counts(n_c, ...)`, so a
    class with any points has at least one in train; otherwise the whole set is cut once.
    Each part is shuffled. X: (n, d), y: (n,); the parts keep their dtypes.
    """
    X, y = np.asarray(X), np.asarray(y)
    _check_data(X, y)
    _check_ratios(train_ratio, val_ratio)
    if stratify and y.dtype.kind in "iu":
        groups = [np.flatnonzero(y == label) for label in np.unique(y)]
    else:
        groups = [np.arange(len(y))]
    cuts = [_cut(group, train_ratio, val_ratio, rng) for group in groups]
    parts = []
    for k in range(3):
        index = rng.permutation(np.concatenate([cut[k] for cut in cuts]))
        parts.append((X[index], y[index]))
    return Split(parts[0], parts[1], parts[2])


def assigned_split(X: NDArray[Any], y: NDArray[Any], codes: NDArray[np.integer[Any]]) -> Split:
    """The split each point was given: codes[i] is 0 (train), 1 (val) or 2 (test). Points keep
    their order within a part. X: (n, d), y: (n,), codes: (n,)."""
    X, y, codes = np.asarray(X), np.asarray(y), np.asarray(codes)
    _check_data(X, y)
    if codes.shape != y.shape or np.any((codes < 0) | (codes > 2)):
        raise ValueError(f"codes must be {len(y)} split codes in 0..2, got {codes!r}")
    parts = [(X[codes == k], y[codes == k]) for k in range(3)]
    return Split(parts[0], parts[1], parts[2])
