"""A sweep's own points: the rows a person drew or uploaded, which every run of the sweep trains
on instead of the generated dataset.

The rows are those of a session's points, `[x1, x2, label]` or `[x1, x2, label, split]`, and pass
the same checks (`engine.points` through `engine.data.check_labels`) against every cell's output,
so a sweep only starts when each of its runs would accept them. A run gets them with
`Run.set_points` right after it is built, exactly as a run trained alone on those points does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine import data as rundata
from engine.checks import fail
from engine.config import RunConfig
from engine.points import MAX_POINTS, MIN_POINTS, SPLIT_NAMES, validate_splits
from engine.run import Run

__all__ = ["SweepPoints", "parse_points"]


@dataclass(frozen=True, eq=False)
class SweepPoints:
    """Coordinates X (n, 2), labels y (n,) and each point's split; `key` tells two sets apart
    (a digest of the rows, the same in every process)."""

    X: NDArray[np.float64]
    y: NDArray[np.float64]
    splits: tuple[str, ...]
    key: str

    def __len__(self) -> int:
        return len(self.X)

    @property
    def n_train(self) -> int:
        """Points in the training split."""
        return sum(split == "train" for split in self.splits)

    def has(self, split: str) -> bool:
        """Whether any point belongs to `split`."""
        return split in self.splits

    def rows(self) -> list[list[Any]]:
        """The rows as `[x1, x2, label, split]` lists (plain JSON)."""
        return [
            [float(x[0]), float(x[1]), float(label), split]
            for x, label, split in zip(self.X, self.y, self.splits, strict=True)
        ]

    def apply(self, run: Run) -> None:
        """Give `run` these points, each in its split."""
        run.set_points(self.X, self.y, list(self.splits))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _row(i: int, row: object) -> tuple[float, float, float, str]:
    """One row checked for its form; ValueError naming `points[i]`."""
    form = "[x1, x2, label] or [x1, x2, label, split]"
    if isinstance(row, str) or not isinstance(row, Sequence) or len(row) not in (3, 4):
        raise fail(f"points[{i}]", form, row)
    if not all(_is_number(value) for value in row[:3]):
        raise fail(f"points[{i}]", f"{form} with numbers for x1, x2 and label", row)
    split = row[3] if len(row) == 4 else "train"
    if split not in SPLIT_NAMES:
        raise fail(f"points[{i}][3]", f"a split: {', '.join(SPLIT_NAMES)}", split)
    return float(row[0]), float(row[1]), float(row[2]), str(split)


def _digest(X: NDArray[np.float64], y: NDArray[np.float64], splits: Sequence[str]) -> str:
    hashed = hashlib.sha256(X.tobytes())
    hashed.update(y.tobytes())
    hashed.update(",".join(splits).encode("ascii"))
    return hashed.hexdigest()[:16]


def parse_points(value: object, configs: Iterable[RunConfig]) -> SweepPoints:
    """The sweep's `points` rows, checked as `Run.set_points` checks them for each config
    (labels against its output, coordinates in the box, splits, at least one training point);
    ValueError starting with "points" and naming the row."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise fail("points", "a list of [x1, x2, label(, split)] rows", type(value).__name__)
    if not MIN_POINTS <= len(value) <= MAX_POINTS:
        raise fail("points", f"between {MIN_POINTS} and {MAX_POINTS} rows", len(value))
    rows = [_row(i, row) for i, row in enumerate(value)]
    X = np.array([[r[0], r[1]] for r in rows], dtype=np.float64)
    y = np.array([r[2] for r in rows], dtype=np.float64)
    splits = tuple(r[3] for r in rows)
    checked: set[tuple[str, str]] = set()
    for config in configs:
        kind = (config.network.output, config.network.loss)
        if kind in checked:
            continue
        checked.add(kind)
        try:
            rundata.check_labels(config, X, y)
            validate_splits(list(splits), len(X))
        except ValueError as error:
            raise ValueError(f"points: {error}") from None
    return SweepPoints(X, y, splits, _digest(X, y, splits))
