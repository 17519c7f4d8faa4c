"""A run's data: the point pool, its train / validation / test split and the network's inputs.

Features are computed once per split and z-scored with the training split's statistics when
`standardize` is on; raw points elsewhere (grid, predict, trace) go through `features_of`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.config import RunConfig
from engine.datasets import DATASETS, generate, n_classes_of
from engine.features import Standardizer, make_features
from engine.losses import get_output
from engine.metrics import SplitData
from engine.points import validate_points, validate_splits
from engine.split import Split, assigned_split, stratified_split

__all__ = ["RunData", "check_labels", "fresh", "prepare", "split_points", "user_data"]

FloatArray = NDArray[np.float64]
SPLITS = ("train", "val", "test")


@dataclass
class RunData:
    """Everything the run derives from its points.

    `pool` holds user points (None for generated data), each staying in the split its owner
    gave it (training unless told otherwise), `n_classes` the class count (0 for
    regression), `parts` the train / val / test splits ready for the network.
    """

    pool: tuple[FloatArray, NDArray[Any]] | None
    n_classes: int
    split: Split
    standardizer: Standardizer
    parts: dict[str, SplitData]

    def features_of(self, X: FloatArray, inputs: list[str]) -> FloatArray:
        """Network inputs for raw points X (n, 2): features, standardised like the training set."""
        return np.asarray(self.standardizer.transform(make_features(X, inputs)), dtype=np.float64)


def check_labels(config: RunConfig, X: Any, y: Any) -> tuple[FloatArray, NDArray[Any], int]:
    """Validate user points for the configured output; returns (X, y, n_classes)."""
    output = get_output(config.network.output)
    kind = "classification" if output.classification else "regression"
    X, y = validate_points(X, y, kind)
    if not output.classification:
        return X, y, 0
    k = max(2, int(y.max()) + 1)
    if config.network.output == "binary" and k != 2:
        raise ValueError(
            f"binary output needs labels 0 and 1, got labels up to {k - 1}; "
            "choose the multiclass or multilabel output"
        )
    return X, y, k


def prepare(
    config: RunConfig,
    split: Split,
    n_classes: int,
    pool: tuple[FloatArray, NDArray[Any]] | None = None,
) -> RunData:
    """RunData for an existing split: features per split, standardised with the training
    split's mean and std when `features.standardize` is on, and targets for the output head."""
    inputs = config.features.inputs
    output = get_output(config.network.output)
    raw = dict(zip(SPLITS, (split.train, split.val, split.test), strict=True))
    features = {name: make_features(X.reshape(-1, 2), inputs) for name, (X, _) in raw.items()}
    if config.features.standardize:
        standardizer = Standardizer.fit(features["train"])
    else:
        standardizer = Standardizer.identity(len(inputs))
    parts = {}
    for name, (X, y) in raw.items():
        F = np.asarray(standardizer.transform(features[name]), dtype=np.float64)
        parts[name] = SplitData(X.reshape(-1, 2), y, F, output.targets(y, n_classes))
    return RunData(pool, n_classes, split, standardizer, parts)


def split_points(
    config: RunConfig, X: FloatArray, y: NDArray[Any], rng: np.random.Generator
) -> Split:
    """Cut points into train / val / test by the configured ratios (stratified by class)."""
    d = config.data
    return stratified_split(X, y, d.train_ratio, d.val_ratio, rng)


def fresh(config: RunConfig) -> RunData:
    """Generate, split and prepare the configured dataset (all from the data stream)."""
    d = config.data
    rng = np.random.default_rng([config.random_state, 0])
    X, y = generate(d.dataset, d.n_samples, d.noise, rng, d.n_classes)
    k = n_classes_of(d.dataset, d.n_classes) if DATASETS[d.dataset].kind == "classification" else 0
    return prepare(config, split_points(config, X, y, rng), k)


def user_data(config: RunConfig, X: Any, y: Any, splits: Any = None) -> RunData:
    """RunData for a person's own points, each in the split it names (None: all train)."""
    X, y, k = check_labels(config, X, y)
    split = assigned_split(X, y, validate_splits(splits, len(X)))
    return prepare(config, split, k, (X, y))
