"""Two-dimensional toy problems for the playground, one pure generator per name.

Every generator maps `(n_samples, noise, rng, n_classes)` to points `X` inside the box
x1, x2 in [-6, 6] and labels `y` (integer classes 0..k-1, or float regression targets).
Jitter that would carry a point out of the box is mirrored back in at the edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BOX",
    "CROSS_LINES",
    "DATASETS",
    "MAX_SAMPLES",
    "DatasetSpec",
    "bumps",
    "checker_label",
    "cross_margin",
    "generate",
    "n_classes_of",
    "reflect_into_box",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Labels = IntArray | FloatArray
Kind = Literal["classification", "regression"]

BOX = 6.0
"""Half-width of the data box: every point satisfies |x1| <= BOX and |x2| <= BOX."""
MAX_SAMPLES = 100_000
JITTER_STD = 3.0
"""Gaussian jitter std per coordinate at noise = 1 (a quarter of the box width)."""
TARGET_NOISE_STD = 0.5
"""Gaussian noise std added to regression targets at noise = 1."""

CROSS_LINES: tuple[tuple[float, float], tuple[float, float]] = ((0.5, -2.0), (1.0, 2.0))
"""Lines P1 and P2 of `circles_crosses` as (slope, intercept): a cross has
x2 > a1 * x1 + b1 (above P1) and x2 < a2 * x1 + b2 (below P2)."""
CROSS_MARGIN = 0.3

XOR_PAD = 0.3
SPIRAL_TURNS = 1.5
CHECKER_SIDE = 3.0
CHECKER_PAD = 0.1
BUMPS: tuple[tuple[float, float, float], ...] = (
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
)
BUMP_STD = 1.5


class GenerateFn(Protocol):
    """A pure dataset generator: `(n_samples, noise, rng, n_classes) -> (X, y)`."""

    def __call__(
        self, n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
    ) -> tuple[FloatArray, Labels]: ...


@dataclass(frozen=True)
class DatasetSpec:
    """One entry of `DATASETS`: the generator and what the UI says about it."""

    name: str
    kind: Kind
    generate: GenerateFn
    description: str
    uses_n_classes: bool = False
    min_classes: int = 2
    max_classes: int = 2

    def to_dict(self) -> dict[str, object]:
        """The spec as plain JSON, without the generator."""
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "uses_n_classes": self.uses_n_classes,
            "min_classes": self.min_classes,
            "max_classes": self.max_classes,
        }


# ----------------------------------------------------------------------------- helpers


def _class_counts(n: int, k: int) -> list[int]:
    """Split n into k counts that differ by at most one (the first n % k get one more)."""
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def _labels_for(counts: list[int]) -> IntArray:
    """Labels 0, 0, ..., 1, 1, ... with the given count per class."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def _finish(X: FloatArray, y: Labels, rng: np.random.Generator) -> tuple[FloatArray, Labels]:
    """Reflect X into the box and shuffle the rows of X and y together."""
    order = rng.permutation(len(X))
    return reflect_into_box(X)[order], y[order]


def reflect_into_box(X: FloatArray) -> FloatArray:
    """Each coordinate outside [-BOX, BOX] mirrored back in at the edge it crossed (again and
    again if the jitter crossed the whole box), as light folds between two mirrors.

    Clipping would pile every such point onto the edge; mirroring keeps the spread smooth (a
    uniform spread stays exactly uniform) and moves nothing that was already inside. It uses
    no random numbers, so the stream after it, and hence the split, is unchanged.
    """
    outside = np.abs(X) > BOX
    if not outside.any():
        return X
    # The fold has period 4 BOX: u = (x + BOX) mod 4 BOX runs up the box for u <= 2 BOX and
    # back down after, so x -> BOX - |u - 2 BOX|.
    folded = BOX - np.abs(np.mod(X + BOX, 4.0 * BOX) - 2.0 * BOX)
    return np.where(outside, folded, X)


def _jitter(X: FloatArray, noise: float, rng: np.random.Generator) -> FloatArray:
    """X + JITTER_STD * noise * N(0, 1) per coordinate (drawn even at noise 0, so the stream
    of random numbers, and hence the clean points, does not depend on the noise)."""
    return X + JITTER_STD * noise * rng.standard_normal(X.shape)


def _randomise_labels(y: IntArray, k: int, noise: float, rng: np.random.Generator) -> IntArray:
    """Replace each label, with probability `noise`, by a class drawn uniformly from 0..k-1."""
    replace = rng.random(len(y)) < noise
    return np.where(replace, rng.integers(0, k, size=len(y)), y).astype(np.int64)


def _uniform_box(n: int, rng: np.random.Generator) -> FloatArray:
    """n points uniform in the box [-BOX, BOX]^2."""
    return rng.uniform(-BOX, BOX, size=(n, 2))


def _sample_where(
    keep: Callable[[FloatArray], NDArray[np.bool_]], count: int, rng: np.random.Generator
) -> FloatArray:
    """`count` points uniform over the part of the box where `keep` holds (rejection sampling)."""
    chunks = [np.empty((0, 2))]
    have = 0
    while have < count:
        candidates = _uniform_box(max(2 * (count - have), 16), rng)
        accepted = candidates[keep(candidates)]
        chunks.append(accepted)
        have += len(accepted)
    return np.concatenate(chunks)[:count]


def _annulus(n: int, r_min: float, r_max: float, rng: np.random.Generator) -> FloatArray:
    """n points uniform in area over r_min <= |x| <= r_max: r = sqrt(U(r_min², r_max²))."""
    r = np.sqrt(rng.uniform(r_min**2, r_max**2, size=n))
    t = rng.uniform(0.0, 2.0 * np.pi, size=n)
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


# ----------------------------------------------------------------------------- classification


def cross_margin(X: FloatArray) -> FloatArray:
    """Signed distance min(d1, d2) into the crosses' band of `circles_crosses`.

    d1 = (x2 - a1 x1 - b1) / sqrt(1 + a1²) is the distance above P1 and
    d2 = (a2 x1 + b2 - x2) / sqrt(1 + a2²) the distance below P2; a point is a cross iff both
    are positive, i.e. iff the margin is positive.
    """
    (a1, b1), (a2, b2) = CROSS_LINES
    d1 = (X[:, 1] - a1 * X[:, 0] - b1) / math.hypot(1.0, a1)
    d2 = (a2 * X[:, 0] + b2 - X[:, 1]) / math.hypot(1.0, a2)
    return np.minimum(d1, d2)


def circles_crosses(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """Crosses (1) above line P1 and below line P2, circles (0) everywhere else.

    Half the points are crosses, drawn uniformly from the band at least CROSS_MARGIN inside
    both lines; the rest are circles at least CROSS_MARGIN outside it. Noise: Gaussian jitter
    of std 3 * noise per coordinate, labels kept.
    """
    n_circles, n_crosses = _class_counts(n_samples, 2)
    crosses = _sample_where(lambda X: cross_margin(X) >= CROSS_MARGIN, n_crosses, rng)
    circles = _sample_where(lambda X: cross_margin(X) <= -CROSS_MARGIN, n_circles, rng)
    X = _jitter(np.concatenate([circles, crosses]), noise, rng)
    return _finish(X, _labels_for([n_circles, n_crosses]), rng)


def xor(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """Label 1 where sign(x1) == sign(x2), label 0 where the signs differ.

    |x1| and |x2| are uniform in [XOR_PAD, 6], half the points per class. Noise: each label is
    replaced by a uniformly random one with probability `noise` (so it flips with noise / 2).
    """
    counts = _class_counts(n_samples, 2)
    y = _labels_for(counts)
    magnitude = rng.uniform(XOR_PAD, BOX, size=(n_samples, 2))
    s1 = rng.choice(np.array([-1.0, 1.0]), size=n_samples)
    s2 = np.where(y == 1, s1, -s1)
    X = magnitude * np.column_stack([s1, s2])
    return _finish(X, _randomise_labels(y, 2, noise, rng), rng)


def circle(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """A disc of class 1 (radius <= 2.5) inside a ring of class 0 (3.5 <= radius <= 5.5).

    Points are uniform in area, half per class. Noise: Gaussian jitter of std 3 * noise.
    """
    n_ring, n_disc = _class_counts(n_samples, 2)
    X = np.concatenate([_annulus(n_ring, 3.5, 5.5, rng), _annulus(n_disc, 0.0, 2.5, rng)])
    return _finish(_jitter(X, noise, rng), _labels_for([n_ring, n_disc]), rng)


def _clusters(
    centres: FloatArray, std: float, n_samples: int, noise: float, rng: np.random.Generator
) -> tuple[FloatArray, Labels]:
    """Class c ~ N(centres[c], std² I), balanced; then jitter of std 3 * noise."""
    counts = _class_counts(n_samples, len(centres))
    y = _labels_for(counts)
    X = centres[y] + std * rng.standard_normal((n_samples, 2))
    return _finish(_jitter(X, noise, rng), y, rng)


def gaussians(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """Two Gaussian clusters of std 0.8: class 1 around (2, 2), class 0 around (-2, -2).

    Noise: extra Gaussian jitter of std 3 * noise, so the spread is sqrt(0.8² + (3 noise)²).
    """
    centres = np.array([[-2.0, -2.0], [2.0, 2.0]])
    return _clusters(centres, 0.8, n_samples, noise, rng)


def blobs(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """k Gaussian clusters of std 0.8 centred at radius 3.5, angles pi/2 + 2 pi c / k.

    Noise: extra Gaussian jitter of std 3 * noise.
    """
    angles = np.pi / 2 + 2.0 * np.pi * np.arange(n_classes) / n_classes
    centres = 3.5 * np.column_stack([np.cos(angles), np.sin(angles)])
    return _clusters(centres, 0.8, n_samples, noise, rng)


def spiral(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """k interleaved spiral arms, one class each.

    On arm c with s ~ U(0, 1): r = 0.4 + 5 s and t = 2 pi (SPIRAL_TURNS s + c / k);
    x = (r cos t, r sin t). Noise: Gaussian jitter of std 3 * noise.
    """
    y = _labels_for(_class_counts(n_samples, n_classes))
    s = rng.uniform(0.0, 1.0, size=n_samples)
    r = 0.4 + 5.0 * s
    t = 2.0 * np.pi * (SPIRAL_TURNS * s + y / n_classes)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    return _finish(_jitter(X, noise, rng), y, rng)


def moons(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """Two interleaving half circles, scaled by 3.5 and centred on the origin.

    Class 0: (cos t, sin t); class 1: (1 - cos t, 0.5 - sin t), t ~ U(0, pi), then
    x <- 3.5 (x - (0.5, 0.25)). Noise: Gaussian jitter of std 3 * noise.
    """
    counts = _class_counts(n_samples, 2)
    y = _labels_for(counts)
    t = rng.uniform(0.0, np.pi, size=n_samples)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = 3.5 * (np.where((y == 0)[:, None], upper, lower) - np.array([0.5, 0.25]))
    return _finish(_jitter(X, noise, rng), y, rng)


def checker_label(X: FloatArray) -> IntArray:
    """(floor((x1 + 6) / 3) + floor((x2 + 6) / 3)) mod 2: the colour of a 4 x 4 board."""
    cells = np.clip(np.floor((X + BOX) / CHECKER_SIDE), 0, 3).sum(axis=1)
    return np.asarray(cells % 2, dtype=np.int64)


def checkerboard(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """A 4 x 4 board of 3 x 3 squares; the label is the square's colour (see `checker_label`).

    Each class gets half the points, spread over its 8 squares. Noise: each label is replaced
    by a uniformly random one with probability `noise`.
    """
    y = _labels_for(_class_counts(n_samples, 2))
    row = rng.integers(0, 4, size=n_samples)
    col = 2 * rng.integers(0, 2, size=n_samples) + (y + row) % 2
    offset = rng.uniform(CHECKER_PAD, CHECKER_SIDE - CHECKER_PAD, size=(n_samples, 2))
    X = np.column_stack([col, row]) * CHECKER_SIDE - BOX + offset
    return _finish(X, _randomise_labels(y, 2, noise, rng), rng)


# ----------------------------------------------------------------------------- regression


def plane(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """y = (x1 + x2) / 12, in [-1, 1] over the box, with X uniform in the box.

    Noise: Gaussian noise of std 0.5 * noise added to y.
    """
    X = _uniform_box(n_samples, rng)
    y = (X[:, 0] + X[:, 1]) / (2.0 * BOX)
    y = y + TARGET_NOISE_STD * noise * rng.standard_normal(n_samples)
    return _finish(X, y, rng)


def bumps(X: FloatArray) -> FloatArray:
    """y = sum_i s_i exp(-|x - c_i|² / (2 BUMP_STD²)) over the signed centres in BUMPS."""
    y = np.zeros(len(X))
    for cx, cy, sign in BUMPS:
        y += sign * np.exp(-((X[:, 0] - cx) ** 2 + (X[:, 1] - cy) ** 2) / (2.0 * BUMP_STD**2))
    return y


def multi_gaussian(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """y = `bumps(x)`, six signed Gaussian bumps, within [-1, 1], with X uniform in the box.

    Noise: Gaussian noise of std 0.5 * noise added to y.
    """
    X = _uniform_box(n_samples, rng)
    y = bumps(X) + TARGET_NOISE_STD * noise * rng.standard_normal(n_samples)
    return _finish(X, y, rng)


# ----------------------------------------------------------------------------- the table

_JITTER = "noise moves each coordinate by Gaussian jitter of std 3 * noise."
_FLIP = "noise is the probability that a label is replaced by a random class."
_TARGET = "noise adds Gaussian noise of std 0.5 * noise to the target."


def _classification(name: str, fn: GenerateFn, description: str, many: bool = False) -> DatasetSpec:
    """A classification entry; `many` means n_classes picks 2..6 classes, else exactly 2."""
    return DatasetSpec(name, "classification", fn, description, many, 2, 6 if many else 2)


def _regression(name: str, fn: GenerateFn, description: str) -> DatasetSpec:
    """A regression entry (no classes)."""
    return DatasetSpec(name, "regression", fn, description, False, 0, 0)


DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec
    for spec in [
        _classification(
            "circles_crosses",
            circles_crosses,
            "Crosses lie above line P1 and below line P2, circles elsewhere, so one line cannot "
            f"split them but two hidden units can; {_JITTER}",
        ),
        _classification("xor", xor, f"Class 1 where x1 and x2 share a sign; {_FLIP}"),
        _classification("circle", circle, f"A disc of one class inside a ring; {_JITTER}"),
        _classification("gaussians", gaussians, f"Two Gaussian clusters; {_JITTER}"),
        _classification("spiral", spiral, f"k spiral arms, one per class; {_JITTER}", True),
        _classification("moons", moons, f"Two interleaving half circles; {_JITTER}"),
        _classification("blobs", blobs, f"k Gaussian clusters, one per class; {_JITTER}", True),
        _classification("checkerboard", checkerboard, f"A 4 x 4 checkerboard; {_FLIP}"),
        _regression("plane", plane, f"y = (x1 + x2) / 12; {_TARGET}"),
        _regression("multi_gaussian", multi_gaussian, f"A sum of six signed bumps; {_TARGET}"),
    ]
}


# ----------------------------------------------------------------------------- entry points


def _spec(name: str) -> DatasetSpec:
    """The table entry for `name`, or ValueError listing the valid names."""
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}")
    return DATASETS[name]


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def n_classes_of(name: str, n_classes: int = 2) -> int:
    """The number of classes `name` will produce: `n_classes` for datasets that take it
    (validated against their range), 2 for the other classification sets, 0 for regression."""
    spec = _spec(name)
    if not spec.uses_n_classes:
        return spec.max_classes
    low, high = spec.min_classes, spec.max_classes
    if not _is_int(n_classes) or not low <= n_classes <= high:
        raise ValueError(
            f"n_classes for {name!r} must be an integer in [{low}, {high}], got {n_classes!r}"
        )
    return int(n_classes)


def generate(
    name: str, n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[FloatArray, Labels]:
    """Validate the arguments and draw `(X, y)` from dataset `name`.

    Returns X of shape (n_samples, 2), float64, inside [-6, 6]²; y of shape (n_samples,),
    int64 labels 0..k-1 (k = `n_classes_of(name, n_classes)`) or float64 targets.
    """
    k = n_classes_of(name, n_classes)
    least = max(2, k)
    if not _is_int(n_samples) or not least <= n_samples <= MAX_SAMPLES:
        raise ValueError(
            f"n_samples for {name!r} must be an integer in [{least}, {MAX_SAMPLES}], "
            f"got {n_samples!r}"
        )
    if not isinstance(noise, int | float | np.integer | np.floating) or isinstance(noise, bool):
        raise ValueError(f"noise must be a number in [0, 1], got {noise!r}")
    if not 0.0 <= float(noise) <= 1.0:
        raise ValueError(f"noise must be a number in [0, 1], got {noise!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    spec = DATASETS[name]
    X, y = spec.generate(int(n_samples), float(noise), rng, max(k, 2))
    return X.astype(np.float64, copy=False), y
