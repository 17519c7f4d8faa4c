"""The stateless checks: each reads the window and the facts and answers a finding or None."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np

from engine.activations import Linear
from engine.diagnoses.evidence import (
    Facts,
    Finding,
    FloatArray,
    Window,
    finite,
    make_fix,
    mean,
    rate_fix,
)
from engine.diagnoses.thresholds import Thresholds

# Plain Python on the window's ten numbers: faster than NumPy at this size.

Check = Callable[[Window, Facts, Thresholds], Finding | None]


def _oscillating(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    if len(w) < t.min_trend_points:
        return None
    losses = finite(w.recent("train_loss"))
    start = w.first("train_loss")
    if len(losses) < t.min_trend_points or start is None:
        return None
    ups = sum(b > a for a, b in itertools.pairwise(losses)) / (len(losses) - 1)
    low, high = min(losses), max(losses)
    swing = high - low
    third = max(1, len(losses) // 3)
    trend = mean(losses[:third]) - mean(losses[-third:])
    if ups < t.oscillation_up_share or swing < t.oscillation_swing * start or trend > swing / 2:
        return None
    if mean(losses) < t.oscillation_level * start:
        return None
    evidence = {"low": low, "high": high, "up_share": ups, "start_loss": start}
    return Finding("warning", evidence, rate_fix(f, 0.1))


def _slow_progress(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    if len(w) < t.window_points or f.update_ratio is None:
        return None
    losses = finite(w.recent("train_loss"))
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
    return Finding("warning", evidence, rate_fix(f, 10.0))


def _gradient_ratio(w: Window, f: Facts, t: Thresholds) -> float | None:
    """Geometric mean over the window of |dC/db| first layer / last layer (3 layers or more)."""
    spreads = w.spreads[-t.window_points :]
    if f.net.n_layers < 3 or len(spreads) < t.hold_points:
        return None
    return float(10.0 ** mean(spreads))


def _vanishing(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    ratio = _gradient_ratio(w, f, t)
    if ratio is None or ratio > 1.0 / t.gradient_spread:
        return None
    start, loss = w.first("train_loss"), w.recent("train_loss")[-1]
    if start is None or loss is None or loss < t.vanishing_stall_share * start:
        return None
    patch = {"network": {"activation": "relu", "kernel_initializer": "he_uniform"}}
    return Finding(
        "warning", {"ratio": ratio, "layers": f.net.n_layers}, make_fix(patch, reset=True)
    )


def _exploding_gradients(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    ratio = _gradient_ratio(w, f, t)
    if ratio is None or ratio < t.gradient_spread:
        return None
    patch = {"network": {"kernel_initializer": "glorot_uniform", "kernel_init_scale": 1.0}}
    return Finding(
        "warning", {"ratio": ratio, "layers": f.net.n_layers}, make_fix(patch, reset=True)
    )


def _dead_units(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    shares = [layer["dead_fraction"] for layer in f.layers[:-1]]
    if not shares:
        return None
    worst = max(range(len(shares)), key=shares.__getitem__)
    if shares[worst] < t.dead_share:
        return None
    units = f.dead_units[worst] if worst < len(f.dead_units) else []
    evidence = {"layer": worst, "dead_fraction": shares[worst], "units": list(units)}
    return Finding("warning", evidence, make_fix({"network": {"activation": "leaky_relu"}}, True))


def _saturated_output(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    if f.saturated is None or f.loss != "mse" or f.saturated < t.saturated_share:
        return None
    fix = make_fix({"network": {"loss": "cross_entropy"}}, reset=True)
    return Finding("warning", {"saturated_share": f.saturated}, fix)


def count_twins(rows: FloatArray, tolerance: float) -> int:
    """How many rows have another row equal to within `tolerance` (relative): rows are
    projected on a fixed direction and sorted, so twins become neighbours (no pairwise pass)."""
    probe = PROBE[: rows.shape[1]]
    keys = np.sort(rows @ probe)
    scale = max(float(np.abs(rows).max()), 1e-300) * rows.shape[1]
    close = (keys[1:] - keys[:-1]) <= tolerance * scale
    if not close.any():
        return 0
    twin = np.zeros(len(keys), dtype=bool)
    twin[:-1] |= close
    twin[1:] |= close
    return int(twin.sum())


PROBE = np.cos(np.arange(1, 258) * 1.618)
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
    return Finding("warning", evidence, make_fix(patch, rollback=f.has_good_state))


def _too_simple(w: Window, f: Facts, t: Thresholds) -> Finding | None:
    if not f.classification or not all(isinstance(g, Linear) for g in f.net.hidden):
        return None
    accuracy = [v for v in w.recent("train_accuracy") if v is not None]
    if len(w) < t.window_points or len(accuracy) < t.window_points:
        return None
    half = len(accuracy) // 2
    later = mean(accuracy[half:])
    if later >= t.simple_accuracy or later - mean(accuracy[:half]) > t.plateau_change:
        return None
    patch = {"network": {"hidden_layer_sizes": [8], "activation": "tanh"}}
    evidence = {"accuracy": accuracy[-1], "hidden_layers": len(f.net.hidden)}
    return Finding("warning", evidence, make_fix(patch, reset=True))


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
