"""Checks for points a user draws or uploads, and a reader for `x1,x2,label[,split]` CSV text.

Everything that enters the engine from outside passes `validate_points`, which either returns
clean float64 points with int64 labels (or float64 targets) or raises ValueError saying why.
A user point belongs to the split its owner chose (`validate_splits`): training unless told.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.datasets import BOX

__all__ = [
    "MAX_POINTS",
    "MIN_POINTS",
    "SPLIT_NAMES",
    "parse_csv",
    "validate_points",
    "validate_splits",
]

FloatArray = NDArray[np.float64]
MIN_POINTS = 2
MAX_POINTS = 10_000
KINDS = ("classification", "regression")
SPLIT_NAMES = ("train", "val", "test")
"""A user point's split, by its code (0, 1, 2) in `validate_splits`' answer."""


def _as_float(values: Any, name: str) -> FloatArray:
    """`values` as a float64 array, or ValueError naming `name`."""
    try:
        array = np.asarray(values)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a regular array of numbers (every row alike)") from None
    if array.dtype == np.bool_ or array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must contain only numbers, got values of type {array.dtype}")
    return array.astype(np.float64)


def _check_X(X: FloatArray, max_points: int) -> None:
    """ValueError unless X is (n, 2), MIN_POINTS <= n <= max_points, finite, inside the box."""
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), one [x1, x2] per point, got {X.shape}")
    if not MIN_POINTS <= len(X) <= max_points:
        raise ValueError(f"need between {MIN_POINTS} and {max_points} points, got {len(X)}")
    bad = np.flatnonzero(~np.all(np.isfinite(X), axis=1))
    if len(bad):
        raise ValueError(f"point {bad[0]} has a coordinate that is NaN or infinite")
    outside = np.flatnonzero(np.any(np.abs(X) > BOX, axis=1))
    if len(outside):
        i = outside[0]
        raise ValueError(
            f"point {i} = ({X[i, 0]:g}, {X[i, 1]:g}) lies outside the box; "
            f"x1 and x2 must be in [{-BOX:g}, {BOX:g}]"
        )


def _check_labels(y: FloatArray, n_classes_max: int) -> NDArray[np.int64]:
    """y as int64 class labels, or ValueError unless each is an integer in 0..n_classes_max-1."""
    bad = np.flatnonzero(~np.isfinite(y) | (y != np.round(y)))
    if len(bad):
        raise ValueError(f"label of point {bad[0]} is {y[bad[0]]:g}; class labels are integers")
    bad = np.flatnonzero((y < 0) | (y >= n_classes_max))
    if len(bad):
        raise ValueError(
            f"label of point {bad[0]} is {y[bad[0]]:g}; "
            f"class labels must be in 0..{n_classes_max - 1}"
        )
    return y.astype(np.int64)


def validate_points(
    X: Any,
    y: Any,
    kind: str,
    n_classes_max: int = 8,
    max_points: int = MAX_POINTS,
) -> tuple[FloatArray, NDArray[np.int64] | FloatArray]:
    """Check user data and return it as arrays.

    X: (n, 2) finite coordinates in [-6, 6]; y: (n,) integer labels 0..n_classes_max-1 for
    "classification" or finite targets for "regression"; MIN_POINTS <= n <= max_points.
    Returns X float64 and y int64 (classification) or float64 (regression) copies.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if isinstance(n_classes_max, bool) or not isinstance(n_classes_max, int) or n_classes_max < 1:
        raise ValueError(f"n_classes_max must be a positive integer, got {n_classes_max!r}")
    X_clean = _as_float(X, "points")
    _check_X(X_clean, max_points)
    y_clean = _as_float(y, "labels")
    if y_clean.shape != (len(X_clean),):
        raise ValueError(
            f"labels must have shape ({len(X_clean)},), one per point, got {y_clean.shape}"
        )
    if kind == "regression":
        if not np.all(np.isfinite(y_clean)):
            raise ValueError("regression targets must be finite numbers")
        return X_clean, y_clean
    return X_clean, _check_labels(y_clean, n_classes_max)


def validate_splits(splits: Any, n: int) -> NDArray[np.int8]:
    """The split code (0 train, 1 val, 2 test) of each of n points from their names.

    `splits`: None (every point trains) or n names from SPLIT_NAMES. At least one point must
    be a training point, since the network learns from those alone.
    """
    if splits is None:
        return np.zeros(n, dtype=np.int8)
    names = list(splits)
    if len(names) != n:
        raise ValueError(f"splits must hold one name per point ({n}), got {len(names)}")
    codes = np.zeros(n, dtype=np.int8)
    for i, name in enumerate(names):
        if name not in SPLIT_NAMES:
            raise ValueError(
                f"split of point {i} is {name!r}; choose one of {', '.join(SPLIT_NAMES)}"
            )
        codes[i] = SPLIT_NAMES.index(name)
    if n and not np.any(codes == 0):
        raise ValueError("at least one point must be a training point (split 'train')")
    return codes


NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A number as CSV files write it: ASCII decimal or scientific notation. Python's float() also
reads `1_0`, `nan`, `inf` and digits of other scripts, which no spreadsheet means as numbers."""

COLUMNS = "x1,x2,label"
SPLIT_ALIASES = {
    "train": "train",
    "training": "train",
    "val": "val",
    "validation": "val",
    "test": "test",
}
"""Words a CSV's optional 4th column may hold (any case), and the split each means."""


def _number(field: str) -> float | None:
    """The value of a field that is a plain number, else None."""
    return float(field) if NUMBER.fullmatch(field) else None


def _parse_split(field: str, line_no: int) -> str:
    """The split a 4th CSV field names (empty: train), or ValueError naming the line."""
    if not field:
        return "train"
    split = SPLIT_ALIASES.get(field.lower())
    if split is None:
        raise ValueError(
            f"line {line_no}: the 4th value {field!r} is not a split; write train, val or test"
        )
    return split


def _parse_row(fields: list[str], line_no: int) -> tuple[list[float], str]:
    """Three finite numbers and the split (4th field, default train) of one CSV row, or
    ValueError naming the line."""
    if len(fields) not in (3, 4):
        hint = "; ';' is not a separator here, use commas" if any(";" in f for f in fields) else ""
        raise ValueError(
            f"line {line_no}: expected 3 values {COLUMNS} (and optionally a split) separated "
            f"by commas, got {len(fields)}{hint}"
        )
    split = _parse_split(fields[3], line_no) if len(fields) == 4 else "train"
    values = []
    for field in fields[:3]:
        value = _number(field)
        if value is None:
            raise ValueError(
                f"line {line_no}: {field!r} is not a number (write plain decimals such as "
                "-1.5 or 2e-3)"
            )
        if not math.isfinite(value):
            raise ValueError(f"line {line_no}: {field!r} is not a finite number")
        values.append(value)
    return values, split


def _is_header(fields: list[str]) -> bool:
    """A header names the three (or four) columns and holds no number at all (e.g.
    `x1,x2,label` or `x1,x2,label,split`)."""
    return len(fields) in (3, 4) and all(_number(field) is None for field in fields)


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped fields) of each non-blank CSV row; quotes are removed."""
    reader = csv.reader(io.StringIO(text), skipinitialspace=True, strict=True)
    try:
        for fields in reader:
            stripped = [field.strip() for field in fields]
            if any(stripped):
                yield reader.line_num, stripped
    except csv.Error as error:
        raise ValueError(f"line {reader.line_num}: {error}") from None


def parse_csv(text: str) -> tuple[FloatArray, FloatArray, list[str]]:
    """Read `x1,x2,label[,split]` rows, one point per line, into X (n, 2), y (n,) (float64) and
    each point's split name.

    Fields are separated by commas and may be quoted (`"1.5","-2","1"`); the first three are
    plain ASCII numbers, an optional 4th names the split (train, val or test; validation and
    training are read too; empty or absent: train). The first non-blank line is a header only
    if it has three or four fields and none of them is a number; any other bad line is a
    ValueError naming its line (counted from 1, blank lines included). Labels stay floats here;
    `validate_points` turns them into classes.
    """
    rows: list[list[float]] = []
    splits: list[str] = []
    for index, (line_no, fields) in enumerate(_rows(text.lstrip("\ufeff"))):
        if index == 0 and _is_header(fields):
            continue
        values, split = _parse_row(fields, line_no)
        rows.append(values)
        splits.append(split)
    if not rows:
        raise ValueError(f"the CSV has no data rows; expected lines {COLUMNS} such as 1.5,-2.0,1")
    data = np.array(rows, dtype=np.float64)
    return data[:, :2], data[:, 2], splits
