"""What a check reads (the facts of an evaluation point, the window of history since the last
change), what it answers (a finding with its fix), and the arithmetic of a safe learning rate."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.network import Network

FloatArray = NDArray[np.float64]


@dataclass
class Facts:
    """What the run knows at one evaluation point, besides its history."""

    step: int
    status: str
    learning_rate: float
    classification: bool
    loss: str
    net: Network
    layers: list[dict[str, Any]]
    saturated: float | None
    has_good_state: bool
    stopped_at: int | None = None
    param_norm: float | None = None
    """||parameters|| now (only once training stopped) and at the last change (`origin_norm`),
    for the growth per step of a stopped run."""
    origin_norm: float | None = None
    good_rate: float | None = None
    """The learning rate at the last healthy evaluation point, None without one."""
    bound_hit: bool = False
    """Training stopped because the next update would have taken the parameters' norm past
    `explode_weight_ratio` times its value at the last change."""
    dead_units: list[list[int]] = field(default_factory=list)
    """Per hidden layer, the indices of its ReLU units that are 0 on every training point."""
    update_ratio: float | None = None
    """||last update|| / ||parameters||, None when the last update is not known."""
    error_spread: float | None = None
    """|dC/db| of the first layer / of the last layer at the last step, None if undefined."""


@dataclass
class Finding:
    """A check whose evidence holds now (not yet debounced)."""

    severity: str
    evidence: dict[str, Any]
    fix: dict[str, Any] | None


@dataclass
class Window:
    """The history since the last change, oldest first: `start` is its first row in the
    columns; `recent(key)` its last `size` values (sliced once per evaluation point)."""

    columns: dict[str, list[Any]]
    start: int
    size: int = 10
    spreads: list[float] = field(default_factory=list)
    lowest: dict[str, float] = field(default_factory=dict)
    """The lowest held-out losses since the last change (kept by the coach)."""
    _recent: dict[str, list[Any]] = field(default_factory=dict)

    def recent(self, key: str) -> list[Any]:
        values = self._recent.get(key)
        if values is None:
            values = self.columns[key][max(self.start, len(self.columns[key]) - self.size) :]
            self._recent[key] = values
        return values

    def first(self, key: str) -> float | None:
        """The first finite value of `key` since the last change."""
        column = self.columns[key]
        for index in range(self.start, len(column)):
            value = column[index]
            if value is not None and math.isfinite(value):
                return float(value)
        return None

    def __len__(self) -> int:
        return len(self.columns["step"]) - self.start


def nice_rate(value: float) -> float:
    """`value` rounded down to 1, 2 or 5 times a power of ten (a rate a person would type)."""
    if not math.isfinite(value) or value <= 0.0:
        return 0.001
    power = 10.0 ** math.floor(math.log10(value))
    for step in (5.0, 2.0, 1.0):
        if value >= step * power * (1 - 1e-9):
            return float(f"{step * power:.3g}")
    return float(f"{power:.3g}")


def saturated_share(output: FloatArray, targets: FloatArray, margin: float) -> float:
    """Share of wrongly classified points whose output units are all within `margin` of 0 or
    1. output, targets: (n, c) arrays (one-hot or 0/1 targets)."""
    if output.shape[1] == 1:
        wrong = (output[:, 0] >= 0.5) != (targets[:, 0] >= 0.5)
    else:
        wrong = np.argmax(output, axis=1) != np.argmax(targets, axis=1)
    if not wrong.any():
        return 0.0
    stuck = np.all(np.minimum(output[wrong], 1.0 - output[wrong]) < margin, axis=1)
    return float(np.mean(stuck))


def growth_per_step(
    loss_ratio: float | None, norm_ratio: float | None, steps: int, bound: float | None = None
) -> float:
    """How much one step multiplied the error, from what grew over `steps` steps: the loss
    (quadratic in the error, hence the square root) and the parameters' norm; `bound`: the
    norm ratio the refused next step would have passed (over steps + 1 steps). Each ratio can
    only underestimate the steepest direction's factor (the others dilute it), so the largest
    counts; at least 1 (no growth seen)."""
    factors = [1.0]
    with np.errstate(all="ignore"):
        for ratio, power, count in (
            (loss_ratio, 0.5, steps),
            (norm_ratio, 1.0, steps),
            (bound, 1.0, steps + 1),
        ):
            if ratio is not None and ratio > 0.0 and math.isfinite(ratio) and count > 0:
                factors.append(ratio ** (power / count))
    return max(factors)


def safe_rate(rate: float, growth: float, good_rate: float | None, share: float) -> float:
    """The rate to suggest after a stop: `share` of the largest stable rate 2 / lambda, with
    lambda ~ (growth + 1) / rate (one step multiplied the error by growth = |1 - rate*lambda|),
    i.e. rate * 2 * share / (growth + 1); or the rate at which the run was last healthy, if
    smaller. Rounded down to 1, 2 or 5 times a power of ten."""
    estimate = rate * 2.0 * share / (growth + 1.0)
    if good_rate is not None and good_rate < estimate:
        estimate = good_rate
    return nice_rate(estimate)


def make_fix(patch: dict[str, Any], reset: bool = False, rollback: bool = False) -> dict[str, Any]:
    """A diagnosis's `fix`: rollback first if asked, then the config patch, then reset if asked."""
    return {"patch": patch, "reset": reset, "rollback": rollback}


def rate_fix(facts: Facts, factor: float, rollback: bool = False) -> dict[str, Any]:
    """A fix that multiplies the learning rate by `factor`, rounded to a rate a person types."""
    rate = nice_rate(facts.learning_rate * factor)
    return make_fix({"training": {"learning_rate": rate}}, rollback=rollback)


def finite(values: list[Any]) -> list[float]:
    """The values that are numbers and finite (a history holds None where a split is empty)."""
    return [float(v) for v in values if v is not None and math.isfinite(v)]


def mean(values: list[float]) -> float:
    """The arithmetic mean of a non-empty list."""
    return sum(values) / len(values)
