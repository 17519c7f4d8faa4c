"""Every option table of the engine as plain JSON, for GET /api/options and the page's menus.

Each table is a list of entries in the table's order, each with at least a "name". Activations
carry their curve g(z), g'(z) sampled by the engine itself, so the page plots without copying the
maths.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.activations import ACTIVATIONS, get_activation
from engine.checks import check_number
from engine.config import NetworkConfig
from engine.datasets import DATASETS
from engine.features import FEATURES
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES, OUTPUTS
from engine.optimizers import OPTIMIZERS
from engine.regularizers import REGULARIZERS
from engine.schedules import SCHEDULES

__all__ = ["CURVE_POINTS", "CURVE_RANGE", "activation_curve", "describe"]

CURVE_POINTS = 121
CURVE_RANGE = 5.0
"""Activation curves are sampled at CURVE_POINTS evenly spaced z in [-CURVE_RANGE, CURVE_RANGE]."""
_DIGITS = 6


def _rounded(values: NDArray[np.floating[Any]]) -> list[float]:
    """Plain floats to _DIGITS significant digits (enough to plot, and a small JSON)."""
    return [float(f"{value:.{_DIGITS}g}") for value in values]


def activation_curve(name: str, leaky_slope: float | None = None) -> dict[str, list[float]]:
    """{"z": [...], "g": [...], "dg": [...]}: activation `name` and its derivative, computed by
    the engine at each (rounded) z. `leaky_slope` is leaky_relu's c, in [0, 1] like
    network.leaky_slope (None: the default network.leaky_slope); the other activations ignore it.
    An unknown name or a slope out of range is a ValueError that says what is allowed."""
    if leaky_slope is None:
        leaky_slope = NetworkConfig().leaky_slope
    slope = check_number("network.leaky_slope", leaky_slope, 0.0, 1.0) + 0.0  # -0.0 -> 0.0
    activation = get_activation(name, slope)
    half = (CURVE_POINTS - 1) // 2
    z = np.array(_rounded(np.arange(-half, half + 1) * (CURVE_RANGE / half)))
    return {"z": _rounded(z), "g": _rounded(activation(z)), "dg": _rounded(activation.grad(z))}


def describe() -> dict[str, list[dict[str, Any]]]:
    """{"DATASETS": [...], "ACTIVATIONS": [...], ..., "FEATURES": [...]} (docs/api.md §2)."""
    return {
        "DATASETS": [spec.to_dict() for spec in DATASETS.values()],
        "ACTIVATIONS": [
            {"name": a.name, "formula": a.formula, "curve": activation_curve(a.name)}
            for a in ACTIVATIONS.values()
        ],
        "OUTPUTS": [
            {
                "name": o.name,
                "activation": o.activation,
                "description": o.description,
                "kind": "classification" if o.classification else "regression",
                "losses": list(o.losses),
            }
            for o in OUTPUTS.values()
        ],
        "LOSSES": [{"name": c.name, "formula": c.formula} for c in LOSSES.values()],
        "INITIALIZERS": [
            {"name": i.name, "formula": i.formula, "uses_scale": i.uses_scale}
            for i in INITIALIZERS.values()
        ],
        "OPTIMIZERS": [
            {"name": o.name, "formula": o.formula, "settings": list(o.settings)}
            for o in OPTIMIZERS.values()
        ],
        "SCHEDULES": [{"name": s.name, "formula": s.formula} for s in SCHEDULES.values()],
        "REGULARIZERS": [{"name": r.name, "formula": r.formula} for r in REGULARIZERS.values()],
        "FEATURES": [spec.to_dict() for spec in FEATURES.values()],
    }
