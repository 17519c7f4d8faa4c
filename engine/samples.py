"""A small sample of every dataset, drawn by its own generator with a fixed seed: what a dataset
looks like, for a picture of it (the page's thumbnails), with no run to build."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.config import DataConfig
from engine.datasets import DATASETS, generate

__all__ = ["SAMPLE_CLASSES", "SAMPLE_SEED", "dataset_samples"]

SAMPLE_SEED = 0
SAMPLE_CLASSES = 3
"""Datasets that take a class count are shown with this many classes (or their most, if fewer)."""
_DECIMALS = 3


def _sample(name: str, n: int) -> dict[str, Any]:
    """`n` points of dataset `name` as [x1, x2, label] rows, from its own seeded generator."""
    spec = DATASETS[name]
    k = min(SAMPLE_CLASSES, spec.max_classes) if spec.uses_n_classes else spec.max_classes
    rng = np.random.default_rng([SAMPLE_SEED, 0])
    X, y = generate(name, n, DataConfig().noise, rng, max(k, 2))
    labels = y.tolist() if spec.kind == "classification" else np.round(y, _DECIMALS).tolist()
    rows = [[*xy, label] for xy, label in zip(np.round(X, _DECIMALS).tolist(), labels, strict=True)]
    return {"name": name, "kind": spec.kind, "n_classes": k, "points": rows}


def dataset_samples(n: int) -> list[dict[str, Any]]:
    """One entry per dataset, in the table's order: {name, kind, n_classes, points}. The same `n`
    gives the same points on every call (each dataset has its own generator, seeded alike)."""
    return [_sample(name, n) for name in DATASETS]
