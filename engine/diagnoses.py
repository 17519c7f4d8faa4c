"""The training coach: what is going wrong in a run, why, and the config change that fixes it.

Each check reads only what the run already has after a train() call (the history of losses and
accuracies, the dead-ReLU fractions and one saturation figure from the evaluation pass, the last
step's bias gradients, i.e. the error signals, and the size of its update, the weights), so
watching costs no extra pass per step; the symmetry check looks again only at layers that had
twins. A diagnosis appears once its evidence has held at `hold_points` evaluation points in a row
and goes as soon as it no longer holds; trends only use the points since the last change of
settings or weights.
"""

from __future__ import annotations

import bisect
import itertools
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
    "growth_per_step",
    "nice_rate",
    "safe_rate",
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
    oscillation_level: float = 0.5
    """... and the window's mean loss is still at least half the loss at the last change: a run
    that halved its loss is descending despite its bumps, one that overshoots stays near (or
    above) where it began."""
    slow_loss_share: float = 0.8
    """Slow progress: the loss is still above 80 % of its value at the last change ..."""
    slow_drop: float = 0.02
    """... fell by less than 2 % of that value over the whole window: at that pace the
    learner would wait hundreds of windows for a visible change ..."""
    slow_update_ratio: float = 1e-4
    """... and the last step moved the parameters by less than 1e-4 of their norm. A step that
    suits the problem moves them by about 1e-3 of their norm (1e-3 to 5e-3 on every dataset at
    the default rates); a ten times smaller one is what makes a run creep, where a hard
    problem at a good rate moves its weights normally and is merely slow."""
    gradient_spread: float = 1e3
    """The error signals of the first and the last layer, |dC/db| (the course's measure of how
    fast a layer's biases learn), three orders of magnitude apart (geometric mean over the
    window): the first layers then learn a thousand times slower (vanishing) or faster
    (exploding) than the last. Healthy nets stay within about 1e-1.5 to 1e1.5."""
    vanishing_stall_share: float = 0.5
    """Vanishing only while the loss is still above half its value at the last change: it
    matters when it stalls learning. A run that halved its loss learns where it must, and once
    converged its tiny per-point errors cancel in the sums, so a small ratio says nothing."""
    dead_share: float = 0.5
    """At least half of a ReLU layer outputs 0 for every training point: those units get no
    gradient again, so the layer works with half its capacity or less for good. Half, not
    more, because that is the course's own example (the 'dead ReLU' preset settles at 8 of 16
    dead); healthy ReLU runs rarely lose a quarter of a layer (bench/coach.py)."""
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
    overfit_rise: float = 0.5
    """The held-out loss is at least 50 % above its lowest value since the last change: small
    data sets trained long drift up by a quarter while the held-out accuracy holds; memorising
    noise makes it climb much further ..."""
    overfit_gap: float = 0.1
    """... exceeds the training loss by at least 0.1 (both in loss units, so tiny losses that
    wobble do not count) ..."""
    overfit_train_drop: float = 0.0
    """... and the training loss still fell over the window (any amount): memorising, not
    learning."""
    simple_accuracy: float = 0.9
    """A linear model below 90 % training accuracy on a plateau leaves at least a tenth of the
    points on the wrong side of its one line: the classes are not linearly separable."""
    safe_rate_share: float = 0.25
    """After a stop the fix suggests a quarter of the largest stable rate the run's own growth
    implies (see `safe_rate`): gradient descent on a quadratic multiplies the error by
    |1 - eta*lambda| per step, so a growth factor g per step at rate eta means
    lambda ~ (g + 1) / eta and rates below 2 / lambda are stable. g is measured from where the
    run started, so it can only underestimate the growth of the steepest direction; a quarter
    leaves room for that and for mini-batches steeper than the whole set, and is still fast
    (the error then shrinks by about half a step's worth each step)."""
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
    param_norm: float | None = None
    """||parameters|| now and at the last change (`origin_norm`), for the growth per step."""
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


def _fix(patch: dict[str, Any], reset: bool = False, rollback: bool = False) -> dict[str, Any]:
    return {"patch": patch, "reset": reset, "rollback": rollback}


def _rate_fix(facts: Facts, factor: float, rollback: bool = False) -> dict[str, Any]:
    rate = nice_rate(facts.learning_rate * factor)
    return _fix({"training": {"learning_rate": rate}}, rollback=rollback)


def _finite(values: list[Any]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(v)]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


# ----------------------------------------------------------------------------- the checks
# Plain Python on the window's ten numbers: faster than NumPy at this size.

Check = Callable[[Window, Facts, Thresholds], Finding | None]


def _oscillating(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    if len(w) < t.min_trend_points:
        return None
    losses = _finite(w.recent("train_loss"))
    start = w.first("train_loss")
    if len(losses) < t.min_trend_points or start is None:
        return None
    ups = sum(b > a for a, b in itertools.pairwise(losses)) / (len(losses) - 1)
    low, high = min(losses), max(losses)
    swing = high - low
    third = max(1, len(losses) // 3)
    trend = _mean(losses[:third]) - _mean(losses[-third:])
    if ups < t.oscillation_up_share or swing < t.oscillation_swing * start or trend > swing / 2:
        return None
    if _mean(losses) < t.oscillation_level * start:
        return None
    evidence = {"low": low, "high": high, "up_share": ups, "start_loss": start}
    return Finding("warning", evidence, _rate_fix(f, 0.1))


def _slow_progress(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    if len(w) < t.window_points or f.update_ratio is None:
        return None
    losses = _finite(w.recent("train_loss"))
    start = w.first("train_loss")
    if len(losses) < t.window_points or start is None:
        return None
    drop = losses[0] - losses[-1]
    if losses[-1] < t.slow_loss_share * start or drop > t.slow_drop * start:
        return None
    if f.update_ratio >= t.slow_update_ratio:
        return None
    steps = w.recent("step")
    evidence = {
        "loss": losses[-1],
        "start_loss": start,
        "drop": drop,
        "steps": steps[-1] - steps[0],
    }
    return Finding("warning", evidence, _rate_fix(f, 10.0))


def _gradient_ratio(w: Window, f: Facts, t: Thresholds) -> float | None:
    """Geometric mean over the window of |dC/db| first layer / last layer (3 layers or more)."""
    spreads = w.spreads[-t.window_points :]
    if f.net.n_layers < 3 or len(spreads) < t.hold_points:
        return None
    return float(10.0 ** _mean(spreads))


def _vanishing(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    ratio = _gradient_ratio(w, f, t)
    if ratio is None or ratio > 1.0 / t.gradient_spread:
        return None
    start, loss = w.first("train_loss"), w.recent("train_loss")[-1]
    if start is None or loss is None or loss < t.vanishing_stall_share * start:
        return None
    patch = {"network": {"activation": "relu", "kernel_initializer": "he_uniform"}}
    return Finding("warning", {"ratio": ratio, "layers": f.net.n_layers}, _fix(patch, reset=True))


def _exploding_gradients(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    ratio = _gradient_ratio(w, f, t)
    if ratio is None or ratio < t.gradient_spread:
        return None
    patch = {"network": {"kernel_initializer": "glorot_uniform", "kernel_init_scale": 1.0}}
    return Finding("warning", {"ratio": ratio, "layers": f.net.n_layers}, _fix(patch, reset=True))


def _dead_units(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    shares = [layer["dead_fraction"] for layer in f.layers[:-1]]
    if not shares:
        return None
    worst = max(range(len(shares)), key=shares.__getitem__)
    if shares[worst] < t.dead_share:
        return None
    units = f.dead_units[worst] if worst < len(f.dead_units) else []
    evidence = {"layer": worst, "dead_fraction": shares[worst], "units": list(units)}
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


def _overfitting(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    if len(w) < t.min_trend_points:
        return None
    key = "val_loss" if w.recent("val_loss")[-1] is not None else "test_loss"
    held = w.recent(key)
    train = w.recent("train_loss")
    if None in held or None in train or len(held) < 2:
        return None
    lowest = w.lowest.get(key, math.inf)
    gap = held[-1] - train[-1]
    falling = train[0] - train[-1] > t.overfit_train_drop
    if not falling or held[-1] < lowest * (1 + t.overfit_rise) or gap < t.overfit_gap:
        return None
    evidence = {"split": key[:-5], "loss": held[-1], "lowest": lowest, "train_loss": train[-1]}
    evidence["gap"] = gap
    patch = {"training": {"regularization": "l2", "alpha": 1.0}}
    return Finding("warning", evidence, _fix(patch, rollback=f.has_good_state))


def _too_simple(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    if not f.classification or not all(isinstance(g, Linear) for g in f.net.hidden):
        return None
    accuracy = [v for v in w.recent("train_accuracy") if v is not None]
    if len(w) < t.window_points or len(accuracy) < t.window_points:
        return None
    half = len(accuracy) // 2
    later = _mean(accuracy[half:])
    if later >= t.simple_accuracy or later - _mean(accuracy[:half]) > t.plateau_change:
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
    "overfitting": _overfitting,
    "too_simple": _too_simple,
    "slow_progress": _slow_progress,
}
"""The stateless checks; symmetric_units is the coach's own (`Coach._symmetric`)."""

ORDER = (*list(CHECKS)[:5], "symmetric_units", *list(CHECKS)[5:])
"""Every debounced check in the order judged: slow_progress last, as it is dropped when another
one explains it."""


# ----------------------------------------------------------------------------- the coach


@dataclass
class Coach:
    """Remembers since when each check has held and answers the current diagnoses."""

    thresholds: Thresholds = THRESHOLDS
    origin_step: int = 0
    held: dict[str, tuple[int, int]] = field(default_factory=dict)
    current: list[dict[str, Any]] = field(default_factory=list)
    spreads: list[float] = field(default_factory=list)
    """log10 of each evaluation point's error spread since the last change."""
    twin_layers: list[int] | None = None
    """Hidden layers still worth a symmetry check; None: all (not yet checked)."""
    lowest: dict[str, float] = field(default_factory=dict)
    """The lowest validation and test loss since the last change."""

    def restart(self, step: int) -> None:
        """Settings or weights changed at `step`: forget all evidence gathered before."""
        self.origin_step = step
        self.held.clear()
        self.current = []
        self.spreads = []
        self.twin_layers = None
        self.lowest = {}

    def blowing_up(self, window: Window) -> str | None:
        """Why the run must stop now, judged from the training loss: "diverged" when it is NaN
        or infinite, "exploding" when it grew tenfold since the last change; None while it is
        fine. The weights are watched at every step by the trainer (`explode_weight_ratio`)."""
        start = window.first("train_loss")
        if not len(window) or start is None:
            return None
        loss = window.columns["train_loss"][-1]
        if loss is None:
            return "diverged"
        if loss > self.thresholds.explode_loss_ratio * max(start, 1e-12):
            return "exploding"
        return None

    def window(self, columns: dict[str, list[Any]]) -> Window:
        """The history points at or after the last change."""
        start = bisect.bisect_left(columns["step"], self.origin_step)  # steps only grow
        return Window(columns, start, self.thresholds.window_points, self.spreads, self.lowest)

    def observe(self, columns: dict[str, list[Any]], facts: Facts) -> list[dict[str, Any]]:
        """Judge one evaluation point (the last of `columns`) and return the diagnoses."""
        found: list[dict[str, Any]] = []
        stopped = self._stopped(facts, columns)
        if stopped is not None:
            found.append(stopped)
        spread = facts.error_spread
        if spread is not None and 0.0 < spread < math.inf:
            self.spreads.append(math.log10(spread))
            del self.spreads[: -self.thresholds.window_points]
        for key in ("val_loss", "test_loss"):
            value = columns[key][-1] if columns[key] else None
            if value is not None and columns["step"][-1] >= self.origin_step:
                self.lowest[key] = min(self.lowest.get(key, math.inf), value)
        window = self.window(columns)
        for code in ORDER:
            if stopped:
                finding = None
            elif code == "symmetric_units":
                finding = self._symmetric(facts)
            else:
                finding = CHECKS[code](window, facts, self.thresholds)
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

    def _symmetric(self, f: Facts) -> Finding | None:
        """Twin units in a hidden layer. Gradient descent gives twins equal updates, so twins
        stay twins and distinct units do not merge: after a change only the layers that had
        twins at the first check are looked at again (`twin_layers`), usually none."""
        t = self.thresholds
        layers = range(f.net.n_layers - 1) if self.twin_layers is None else self.twin_layers
        still: list[int] = []
        result = None
        with np.errstate(all="ignore"):
            for layer in layers:
                rows = f.net.layers[layer]
                if len(rows) < 2:
                    continue
                twins = _twins(rows, t.symmetric_tolerance)
                if twins:
                    still.append(layer)
                if result is None and twins >= t.symmetric_share * len(rows):
                    patch = {"network": {"kernel_initializer": "glorot_uniform"}}
                    evidence = {"layer": layer, "identical": twins, "units": len(rows)}
                    result = Finding("warning", evidence, _fix(patch, reset=True))
        self.twin_layers = still
        return result

    def _stopped(self, facts: Facts, columns: dict[str, list[Any]]) -> dict[str, Any] | None:
        """The error that stopped training (diverged or exploding), if any, with a rate that
        the run's own growth says is stable (`safe_rate`)."""
        if facts.status not in ("diverged", "exploding"):
            return None
        since = facts.step if facts.stopped_at is None else facts.stopped_at
        growth = self._growth(facts, columns, since)
        rate = safe_rate(
            facts.learning_rate, growth, facts.good_rate, self.thresholds.safe_rate_share
        )
        fix = _fix({"training": {"learning_rate": rate}}, rollback=facts.has_good_state)
        if not facts.has_good_state:
            fix["reset"] = True
        last = facts.layers
        weight = math.hypot(*[layer["weight_norm"] or 0.0 for layer in last]) if last else 0.0
        evidence = {"learning_rate": facts.learning_rate, "weight_norm": weight}
        evidence["growth"] = growth
        return _diagnosis(facts.status, Finding("error", evidence, fix), since)

    def _growth(self, facts: Facts, columns: dict[str, list[Any]], stopped_at: int) -> float:
        """The growth per step since the last change, from the loss (first and last finite
        values in the window) and the parameters' norm."""
        window = self.window(columns)
        losses = _finite(columns["train_loss"][window.start :])
        loss_ratio = losses[-1] / losses[0] if len(losses) >= 2 and losses[0] > 0 else None
        norm_ratio = None
        if facts.param_norm is not None and facts.origin_norm:
            norm_ratio = facts.param_norm / facts.origin_norm
        bound = self.thresholds.explode_weight_ratio if facts.bound_hit else None
        return growth_per_step(loss_ratio, norm_ratio, stopped_at - self.origin_step, bound)


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
