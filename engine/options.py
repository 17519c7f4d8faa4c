"""Every option table of the engine as plain JSON, for GET /api/options and the page's menus.

Each table is a list of entries in the table's order, each with at least a "name".
"""

from __future__ import annotations

from typing import Any

from engine.activations import ACTIVATIONS
from engine.datasets import DATASETS
from engine.features import FEATURES
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES, OUTPUTS
from engine.optimizers import OPTIMIZERS
from engine.regularizers import REGULARIZERS
from engine.schedules import SCHEDULES

__all__ = ["describe"]


def describe() -> dict[str, list[dict[str, Any]]]:
    """{"DATASETS": [...], "ACTIVATIONS": [...], ..., "FEATURES": [...]} (docs/api.md §2)."""
    return {
        "DATASETS": [spec.to_dict() for spec in DATASETS.values()],
        "ACTIVATIONS": [{"name": a.name, "formula": a.formula} for a in ACTIVATIONS.values()],
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
