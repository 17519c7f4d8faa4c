"""The training coach: what is going wrong in a run, why, and the config change that fixes it.

Each check reads only what the run already has after a train() call (the history of losses and
accuracies, the per-layer gradient norms and dead-ReLU fractions, the weights and one saturation
figure from the evaluation pass), so watching costs no extra pass per step. A diagnosis appears
once its evidence has held at `hold_points` evaluation points in a row and goes as soon as it no
longer holds; trends only use the points since the last change of settings or weights.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.activations import Linear
from engine.network import Network

__all__ = [
    "CODES",
    "THRESHOLDS",
    "Coach",
    "Facts",
    "Thresholds",
    "nice_rate",
    "saturated_share",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Thresholds:
    """Every number the coach judges by, with why it has that value."""

    hold_points: int = 3
    """Evidence must hold at 3 evaluation points in a row: one noisy mini-batch never raises a
    diagnosis, and a learner still hears about a problem within a few frames."""
    window_points: int = 10
    """Trends (oscillation, slow progress, overfitting) are judged over the last 10 evaluation
    points: enough ups and downs to tell a swing from noise, short enough to follow a change."""
    min_trend_points: int = 6
    """A trend needs at least 6 points since the last change; fewer cannot show a direction."""
    explode_loss_ratio: float = 10.0
    """A training loss ten times its value at the last change is an order of magnitude worse
    than guessing from the start: only steps that overshoot further and further do that."""
    explode_weight_ratio: float = 1e3
    """Parameters whose norm is a thousand times its value at the last change (at least 1)
    grow geometrically: healthy training changes weights by small steps, and even on
    separable data they grow only like log(steps). Checked after every update, so the run
    stops far from overflow and a rollback with a lower rate recovers it."""
    oscillation_up_share: float = 0.4
    """The loss went up between at least 40 % of consecutive points: a descending curve, even a
    noisy one, rises far less often once the step size suits the valley."""
    oscillation_swing: float = 0.25
    """Its swings span at least a quarter of the loss at the last change: mini-batch noise on a
    converging run is much smaller than that."""
    slow_loss_share: float = 0.8
    """Slow progress: the loss is still above 80 % of its value at the last change ..."""
    slow_drop: float = 0.02
    """... and fell by less than 2 % of that value over the whole window: at that pace the
    learner would wait hundreds of windows for a visible change."""
    gradient_spread: float = 1e3
    """First and last layer gradient norms three orders of magnitude apart (geometric mean
    over the window): the first layers then learn a thousand times slower than the last."""
    dead_share: float = 0.5
    """More than half of a ReLU layer outputs 0 for every training point: those units get no
    gradient again, and the layer has lost most of its capacity."""
    saturation_margin: float = 0.02
    """An output within 0.02 of 0 or 1 is saturated: the sigmoid's slope there is below 0.02,
    a fiftieth of its value at the centre, so the quadratic cost's gradient nearly vanishes."""
    saturated_share: float = 0.5
    """At least half of the wrongly classified training points are saturated: most of the
    errors then teach almost nothing under the quadratic cost."""
    symmetric_share: float = 0.5
    """At least half the units of a hidden layer (of 2 or more) have a twin with the same
    incoming weights and bias: they compute the same thing and the layer acts smaller."""
    symmetric_tolerance: float = 1e-9
    """Twins agree to 1e-9 relative: round-off keeps copies that close, distinct units are not."""
    overfit_rise: float = 0.25
    """The held-out loss is at least 25 % above its lowest value since the last change ..."""
    overfit_gap: float = 0.1
    """... exceeds the training loss by at least 0.1 (both in loss units, so tiny losses that
    wobble do not count) ..."""
    overfit_train_drop: float = 0.0
    """... and the training loss still fell over the window (any amount): memorising, not
    learning."""
    simple_accuracy: float = 0.9
    """A linear model below 90 % training accuracy on a plateau leaves at least a tenth of the
    points on the wrong side of its one line: the classes are not linearly separable."""
    plateau_change: float = 0.01
    """The window's later half is on average less than one point more accurate than its first
    half: the model has reached its best (halves, as single points jitter with each batch)."""


THRESHOLDS = Thresholds()
"""The one table the coach uses."""

CODES: dict[str, str] = {
    "diverged": "the loss became NaN or infinite (the course: a learning rate too high)",
    "exploding": "loss, weights or gradients grew by orders of magnitude; training stopped "
    "before overflow (learning rate too high)",
    "oscillating": "the loss swings up and down without a trend (learning rate too high)",
    "slow_progress": "the loss falls too slowly to matter (learning rate too low, or a plateau)",
    "vanishing_gradients": "the first layers' gradients are orders of magnitude smaller than "
    "the last layer's (saturating activations)",
    "exploding_gradients": "the first layers' gradients are orders of magnitude larger than "
    "the last layer's (initial weights too large)",
    "dead_units": "most units of a ReLU layer output 0 for every training point",
    "saturated_output": "quadratic cost with a saturated sigmoid/softmax output on wrong "
    "answers learns slowly (use cross-entropy)",
    "symmetric_units": "hidden units of a layer stay identical (all-equal initial weights)",
    "overfitting": "the held-out loss rises while the training loss falls",
    "too_simple": "a linear model plateaus at a low accuracy on data one line cannot separate",
}
"""Every diagnosis code with what it means; docs/api.md lists the same codes."""


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


@dataclass
class Finding:
    """A check whose evidence holds now (not yet debounced)."""

    severity: str
    evidence: dict[str, Any]
    fix: dict[str, Any] | None


@dataclass
class Window:
    """The history since the last change: columns as lists, oldest first."""

    columns: dict[str, list[Any]]
    start: int

    def column(self, key: str, last: int | None = None) -> list[Any]:
        values = self.columns[key][self.start :]
        return values if last is None else values[-last:]

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


def _fix(patch: dict[str, Any], reset: bool = False, rollback: bool = False) -> dict[str, Any]:
    return {"patch": patch, "reset": reset, "rollback": rollback}


def _rate_fix(facts: Facts, factor: float, rollback: bool = False) -> dict[str, Any]:
    rate = nice_rate(facts.learning_rate * factor)
    return _fix({"training": {"learning_rate": rate}}, rollback=rollback)


def _finite(values: list[Any]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(v)]


# ----------------------------------------------------------------------------- the checks

Check = Callable[[Window, Facts, Thresholds], Finding | None]


def _oscillating(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    losses = _finite(w.column("train_loss", t.window_points))
    if len(w) < t.min_trend_points or len(losses) < t.min_trend_points:
        return None
    start = _finite(w.column("train_loss"))[0]
    diffs = np.diff(losses)
    ups = float(np.mean(diffs > 0))
    swing = max(losses) - min(losses)
    third = max(1, len(losses) // 3)
    trend = float(np.mean(losses[:third]) - np.mean(losses[-third:]))
    if ups < t.oscillation_up_share or swing < t.oscillation_swing * start or trend > swing / 2:
        return None
    evidence = {"low": min(losses), "high": max(losses), "up_share": ups, "start_loss": start}
    return Finding("warning", evidence, _rate_fix(f, 0.1))


def _slow_progress(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    losses = _finite(w.column("train_loss", t.window_points))
    if len(w) < t.window_points or len(losses) < t.window_points:
        return None
    start = _finite(w.column("train_loss"))[0]
    drop = losses[0] - losses[-1]
    if losses[-1] < t.slow_loss_share * start or drop > t.slow_drop * start:
        return None
    steps = w.column("step", t.window_points)
    evidence = {
        "loss": losses[-1],
        "start_loss": start,
        "drop": drop,
        "steps": steps[-1] - steps[0],
    }
    return Finding("warning", evidence, _rate_fix(f, 10.0))


def _gradient_ratio(w: Window, t: Thresholds) -> tuple[float, int] | None:
    """Geometric mean over the window of ||dC/dW|| first layer / last layer, and the depth."""
    rows = [r for r in w.column("grad_norms", t.window_points) if r and len(r) >= 3]
    ratios = [math.log10(r[0] / r[-1]) for r in rows if r[0] and r[-1]]
    if len(ratios) < t.hold_points or not rows:
        return None
    return 10.0 ** float(np.mean(ratios)), len(rows[-1])


def _vanishing(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    found = _gradient_ratio(w, t)
    if found is None or found[0] > 1.0 / t.gradient_spread:
        return None
    patch = {"network": {"activation": "relu", "kernel_initializer": "he_uniform"}}
    return Finding("warning", {"ratio": found[0], "layers": found[1]}, _fix(patch, reset=True))


def _exploding_gradients(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    found = _gradient_ratio(w, t)
    if found is None or found[0] < t.gradient_spread:
        return None
    patch = {"network": {"kernel_initializer": "glorot_uniform", "kernel_init_scale": 1.0}}
    return Finding("warning", {"ratio": found[0], "layers": found[1]}, _fix(patch, reset=True))


def _dead_units(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    shares = [layer["dead_fraction"] for layer in f.layers[:-1]]
    worst = int(np.argmax(shares)) if shares else 0
    if not shares or shares[worst] <= t.dead_share:
        return None
    evidence = {"layer": worst, "dead_fraction": shares[worst]}
    return Finding("warning", evidence, _fix({"network": {"activation": "leaky_relu"}}, True))


def _saturated_output(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    if f.saturated is None or f.loss != "mse" or f.saturated < t.saturated_share:
        return None
    fix = _fix({"network": {"loss": "cross_entropy"}}, reset=True)
    return Finding("warning", {"saturated_share": f.saturated}, fix)


def _twins(rows: FloatArray, tolerance: float) -> int:
    """How many rows have another row equal to within `tolerance` (relative): rows are
    projected on a fixed direction and sorted, so twins become neighbours (no pairwise pass)."""
    probe = _PROBE[: rows.shape[1]]
    keys = np.sort(rows @ probe)
    scale = max(float(np.abs(rows).max()), 1e-300) * rows.shape[1]
    close = (keys[1:] - keys[:-1]) <= tolerance * scale
    if not close.any():
        return 0
    twin = np.zeros(len(keys), dtype=bool)
    twin[:-1] |= close
    twin[1:] |= close
    return int(twin.sum())


_PROBE = np.cos(np.arange(1, 258) * 1.618)
"""A fixed direction with no two equal entries, long enough for any layer's inputs + bias."""


def _symmetric_units(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    for layer in range(f.net.n_layers - 1):
        rows = f.net.layers[layer]
        if len(rows) < 2:
            continue
        twins = _twins(rows, t.symmetric_tolerance)
        if twins >= t.symmetric_share * len(rows):
            patch = {"network": {"kernel_initializer": "glorot_uniform"}}
            evidence = {"layer": layer, "identical": twins, "units": len(rows)}
            return Finding("warning", evidence, _fix(patch, reset=True))
    return None


def _overfitting(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    key = "val_loss" if any(v is not None for v in w.column("val_loss")) else "test_loss"
    held = w.column(key, t.window_points)
    train = w.column("train_loss", t.window_points)
    if len(w) < t.min_trend_points or None in held or None in train or len(held) < 2:
        return None
    lowest = min(_finite(w.column(key)) or [math.inf])
    gap = held[-1] - train[-1]
    falling = train[0] - train[-1] > t.overfit_train_drop
    if not falling or held[-1] < lowest * (1 + t.overfit_rise) or gap < t.overfit_gap:
        return None
    evidence = {"split": key[:-5], "loss": held[-1], "lowest": lowest, "train_loss": train[-1]}
    evidence["gap"] = gap
    patch = {"training": {"regularization": "l2", "alpha": 1.0}}
    return Finding("warning", evidence, _fix(patch, rollback=f.has_good_state))


def _too_simple(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    linear = all(isinstance(g, Linear) for g in f.net.hidden)
    accuracy = [v for v in w.column("train_accuracy", t.window_points) if v is not None]
    if not f.classification or not linear or len(accuracy) < t.window_points:
        return None
    half = len(accuracy) // 2
    rise = float(np.mean(accuracy[half:]) - np.mean(accuracy[:half]))
    if float(np.mean(accuracy[half:])) >= t.simple_accuracy or rise > t.plateau_change:
        return None
    patch = {"network": {"hidden_layer_sizes": [8], "activation": "tanh"}}
    evidence = {"accuracy": accuracy[-1], "hidden_layers": len(f.net.hidden)}
    return Finding("warning", evidence, _fix(patch, reset=True))


CHECKS: dict[str, Check] = {
    "oscillating": _oscillating,
    "vanishing_gradients": _vanishing,
    "exploding_gradients": _exploding_gradients,
    "dead_units": _dead_units,
    "saturated_output": _saturated_output,
    "symmetric_units": _symmetric_units,
    "overfitting": _overfitting,
    "too_simple": _too_simple,
    "slow_progress": _slow_progress,
}
"""The debounced checks; slow_progress last, as it is dropped when another one explains it."""


# ----------------------------------------------------------------------------- the coach


@dataclass
class Coach:
    """Remembers since when each check has held and answers the current diagnoses."""

    thresholds: Thresholds = THRESHOLDS
    origin_step: int = 0
    held: dict[str, tuple[int, int]] = field(default_factory=dict)
    current: list[dict[str, Any]] = field(default_factory=list)

    def restart(self, step: int) -> None:
        """Settings or weights changed at `step`: forget all evidence gathered before."""
        self.origin_step = step
        self.held.clear()
        self.current = []

    def blowing_up(self, window: Window) -> bool:
        """Whether the training loss grew by an order of magnitude since the last change (or
        overflowed while the weights stayed finite): the run must stop now. The weights are
        watched at every step by the trainer (`explode_weight_ratio`)."""
        t = self.thresholds
        losses = window.column("train_loss")
        if not losses:
            return False
        start = next((v for v in losses if v is not None), None)
        if losses[-1] is None:
            return start is not None
        return start is not None and losses[-1] > t.explode_loss_ratio * max(start, 1e-12)

    def window(self, columns: dict[str, list[Any]]) -> Window:
        """The history points at or after the last change."""
        steps = columns["step"]
        start = len(steps)
        while start > 0 and steps[start - 1] >= self.origin_step:
            start -= 1
        return Window(columns, start)

    def observe(self, columns: dict[str, list[Any]], facts: Facts) -> list[dict[str, Any]]:
        """Judge one evaluation point (the last of `columns`) and return the diagnoses."""
        found: list[dict[str, Any]] = []
        stopped = self._stopped(facts)
        if stopped is not None:
            found.append(stopped)
        window = self.window(columns)
        with np.errstate(all="ignore"):
            for code, check in CHECKS.items():
                finding = None if stopped else check(window, facts, self.thresholds)
                if finding is None:
                    self.held.pop(code, None)
                    continue
                since, count = self.held.get(code, (facts.step, 0))
                self.held[code] = (since, count + 1)
                explained = code == "slow_progress" and found
                if count + 1 >= self.thresholds.hold_points and not explained:
                    found.append(_diagnosis(code, finding, since))
        self.current = found
        return found

    def _stopped(self, facts: Facts) -> dict[str, Any] | None:
        """The error that stopped training (diverged or exploding), if any."""
        if facts.status not in ("diverged", "exploding"):
            return None
        fix = _rate_fix(facts, 0.01, rollback=facts.has_good_state)
        if not facts.has_good_state:
            fix["reset"] = True
        last = facts.layers
        weight = math.hypot(*[layer["weight_norm"] or 0.0 for layer in last]) if last else 0.0
        evidence = {"learning_rate": facts.learning_rate, "weight_norm": weight}
        since = facts.step if facts.stopped_at is None else facts.stopped_at
        return _diagnosis(facts.status, Finding("error", evidence, fix), since)


def _diagnosis(code: str, finding: Finding, since: int) -> dict[str, Any]:
    evidence = {
        key: float(value) if isinstance(value, float | np.floating) else value
        for key, value in finding.evidence.items()
    }
    return {
        "code": code,
        "severity": finding.severity,
        "since_step": since,
        "evidence": evidence,
        "fix": finding.fix,
    }
