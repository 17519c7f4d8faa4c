"""Input features built from the raw point (x1, x2), and z-score standardisation of them.

The network never sees x1, x2 directly: it sees the chosen columns of `make_features`,
optionally standardised with the training split's mean and standard deviation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["FEATURES", "FeatureSpec", "Standardizer", "make_features", "make_features_into"]

FloatArray = NDArray[np.float64]
AnyFloatArray = NDArray[np.floating[Any]]
Kernel = Callable[[FloatArray, FloatArray, AnyFloatArray], object]
"""`kernel(x1, x2, out)` writes the feature of every point into the 1-D array `out`."""

MIN_STD = 1e-12
"""A fitted std below this counts as zero and is replaced by 1 (the column is only centred)."""


@dataclass(frozen=True)
class FeatureSpec:
    """One input feature: its name, a display label, the formula and a vectorised kernel."""

    name: str
    label: str
    formula: str
    kernel: Kernel

    def __call__(self, X: ArrayLike) -> FloatArray:
        """The feature of each point of X (n, 2), shape (n,), float64."""
        points = _as_points(X)
        out = np.empty(len(points))
        self.kernel(points[:, 0], points[:, 1], out)
        return out

    def to_dict(self) -> dict[str, str]:
        """The spec as plain JSON, without the kernel."""
        return {"name": self.name, "label": self.label, "formula": self.formula}


FEATURES: dict[str, FeatureSpec] = {
    spec.name: spec
    for spec in [
        FeatureSpec("x1", "x₁", "x1", lambda x1, x2, out: np.copyto(out, x1)),
        FeatureSpec("x2", "x₂", "x2", lambda x1, x2, out: np.copyto(out, x2)),
        FeatureSpec("x1^2", "x₁²", "x1 * x1", lambda x1, x2, out: np.square(x1, out=out)),
        FeatureSpec("x2^2", "x₂²", "x2 * x2", lambda x1, x2, out: np.square(x2, out=out)),
        FeatureSpec("x1*x2", "x₁x₂", "x1 * x2", lambda x1, x2, out: np.multiply(x1, x2, out=out)),
        FeatureSpec("sin(x1)", "sin(x₁)", "sin(x1)", lambda x1, x2, out: np.sin(x1, out=out)),
        FeatureSpec("sin(x2)", "sin(x₂)", "sin(x2)", lambda x1, x2, out: np.sin(x2, out=out)),
    ]
}


def _as_points(X: ArrayLike) -> FloatArray:
    """X as a float64 (n, 2) array, or ValueError."""
    points = np.asarray(X, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2) with columns x1, x2, got {points.shape}")
    return points


def _check_names(names: Sequence[str]) -> tuple[str, ...]:
    """The feature names as a tuple, or ValueError if empty, duplicated or unknown."""
    if isinstance(names, str):
        raise ValueError(f"feature names must be a list such as [{names!r}], not a string")
    names = tuple(names)
    if not names:
        raise ValueError(f"choose at least one feature from: {', '.join(FEATURES)}")
    unknown = [name for name in names if name not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown}; choose from: {', '.join(FEATURES)}")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"feature(s) {duplicates} appear more than once; list each at most once")
    return names


def make_features(X: ArrayLike, names: Sequence[str]) -> FloatArray:
    """Feature matrix F with F[:, j] = FEATURES[names[j]](X).

    X: (n, 2) raw points (x1, x2). Returns (n, len(names)) float64.
    """
    points = _as_points(X)
    out = np.empty((len(points), len(_check_names(names))))
    make_features_into(points, names, out)
    return out


def make_features_into(X: NDArray[Any], names: Sequence[str], out: AnyFloatArray) -> AnyFloatArray:
    """Like `make_features`, but writes into `out` (n, len(names)), float32 or float64, and
    returns it; nothing else is allocated when X is already float64 (the grid reuses buffers)."""
    names = _check_names(names)
    points = _as_points(X)
    expected = (len(points), len(names))
    if not isinstance(out, np.ndarray) or out.dtype not in (np.float32, np.float64):
        raise ValueError("out must be a float32 or float64 numpy array")
    if out.shape != expected:
        raise ValueError(f"out must have shape {expected} (points, features), got {out.shape}")
    for j, name in enumerate(names):
        FEATURES[name].kernel(points[:, 0], points[:, 1], out[:, j])
    return out


@dataclass(frozen=True, eq=False)
class Standardizer:
    """Per-column z-score: transform(F) = (F - mean) / std, with mean and std fitted once."""

    mean: FloatArray
    std: FloatArray

    @classmethod
    def fit(cls, F: ArrayLike) -> Standardizer:
        """mean_j = (1/n) sum_i F_ij and std_j = sqrt((1/n) sum_i (F_ij - mean_j)²) over the
        rows of F (n, d); a std below MIN_STD becomes 1, so a constant column maps to 0."""
        data = np.asarray(F, dtype=np.float64)
        if data.ndim != 2 or len(data) == 0:
            raise ValueError(f"fit needs a non-empty (n, d) feature matrix, got shape {data.shape}")
        if not np.all(np.isfinite(data)):
            raise ValueError("fit needs finite features; found NaN or infinity")
        std = data.std(axis=0)
        return cls(data.mean(axis=0), np.where(std < MIN_STD, 1.0, std))

    @classmethod
    def identity(cls, n_features: int) -> Standardizer:
        """The standardizer that changes nothing (mean 0, std 1), for standardize = false."""
        return cls(np.zeros(n_features), np.ones(n_features))

    @property
    def n_features(self) -> int:
        return len(self.mean)

    def transform(self, F: ArrayLike, out: AnyFloatArray | None = None) -> AnyFloatArray:
        """(F - mean) / std for F (n, d); into `out` if given (may be F itself)."""
        data = np.asarray(F)
        if data.ndim != 2 or data.shape[1] != self.n_features:
            raise ValueError(f"expected features of shape (n, {self.n_features}), got {data.shape}")
        if out is None:
            return (data - self.mean) / self.std
        np.subtract(data, self.mean, out=out)
        np.divide(out, self.std, out=out)
        return out

    def to_dict(self) -> dict[str, list[float]]:
        """{"mean": [...], "std": [...]} as plain lists."""
        return {"mean": self.mean.tolist(), "std": self.std.tolist()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Standardizer:
        """Inverse of `to_dict`; ValueError unless mean and std are equal-length finite lists
        and every std is positive."""
        try:
            mean = np.asarray(data["mean"], dtype=np.float64)
            std = np.asarray(data["std"], dtype=np.float64)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"standardizer needs numeric lists 'mean' and 'std': {error}"
            ) from None
        if mean.ndim != 1 or mean.shape != std.shape:
            raise ValueError(
                f"mean and std must be lists of one length, got {mean.shape}, {std.shape}"
            )
        if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(std)) and np.all(std > 0)):
            raise ValueError("standardizer mean must be finite and std finite and positive")
        return cls(mean, std)
