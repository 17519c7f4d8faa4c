"""Evaluation of a network on the data splits, per-layer health figures and the bounded history.

Evaluation runs only when metrics are asked for (after a train() call), never inside the loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.activations import ReLU
from engine.network import Network

__all__ = [
    "HISTORY_KEYS",
    "MAX_HISTORY",
    "SPLIT_METRICS",
    "History",
    "SplitData",
    "dead_units",
    "evaluate_split",
    "finite",
    "layer_stats",
]

FloatArray = NDArray[np.float64]
MAX_HISTORY = 1000
SPLIT_METRICS = (
    "train_loss",
    "val_loss",
    "test_loss",
    "train_accuracy",
    "val_accuracy",
    "test_accuracy",
)
"""The loss and accuracy of each split, as named in the metrics and the history."""
HISTORY_KEYS = ("step", *SPLIT_METRICS, "learning_rate", "grad_norms")


def finite(value: float | None) -> float | None:
    """`value` as a float, or None when it is missing, NaN or infinite (JSON has no NaN)."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


@dataclass
class SplitData:
    """One split ready for the network: raw points X (n, 2), labels y, features F, targets T."""

    X: FloatArray
    y: NDArray[Any]
    F: FloatArray
    T: FloatArray

    def __len__(self) -> int:
        return len(self.y)


def evaluate_split(
    net: Network, data: SplitData
) -> tuple[float | None, float | None, list[FloatArray], FloatArray | None]:
    """(data cost, accuracy, hidden activations, output (n, c)) of `net` on one split; None
    (and no activations) for an empty split."""
    if len(data) == 0:
        return None, None, [], None
    f = net.forward(data.F)
    loss = net.loss.value(net.output.activation, f.zs[-1], f.output, data.T)
    return finite(loss), net.output.accuracy(f.output, data.y), f.activations[:-1], f.output


def dead_units(net: Network, hidden: list[FloatArray]) -> list[list[int]]:
    """Per hidden layer, the indices (0-based) of the ReLU units that output 0 for every
    training example: their gradient is 0 on every point, so they never learn again.
    Empty for other activations and when there are no activations (an empty split)."""
    units: list[list[int]] = []
    for layer, activation in enumerate(net.hidden):
        if isinstance(activation, ReLU) and hidden:
            dead = np.all(hidden[layer] <= 0.0, axis=0)
            units.append([int(j) for j in np.flatnonzero(dead)])
        else:
            units.append([])
    return units


def layer_stats(
    net: Network, hidden: list[FloatArray], clip_scale: float, dead: list[list[int]] | None = None
) -> list[dict[str, Any]]:
    """Per weight layer: ||W||_F, ||dC/dW||_F of the last step (before clipping) and the
    fraction of ReLU units that output 0 for every training example (0 for other layers);
    `dead`: those units per hidden layer, if already known (`dead_units`)."""
    if dead is None:
        dead = dead_units(net, hidden)
    stats = []
    for layer in range(net.n_layers):
        weights = net.weight(layer)
        grads = net.grad_layers[layer][:, :-1]
        share = len(dead[layer]) / net.sizes[layer + 1] if layer < len(dead) else 0.0
        stats.append(
            {
                "weight_norm": finite(float(np.linalg.norm(weights))),
                "grad_norm": finite(float(np.linalg.norm(grads)) / clip_scale),
                "dead_fraction": share,
            }
        )
    return stats


class History:
    """Metrics after each train() call, at most `max_points` long: when full, every other
    point is dropped, so the history always spans the whole run at a coarser spacing."""

    def __init__(self, max_points: int = MAX_HISTORY) -> None:
        self.max_points = max_points
        self.columns: dict[str, list[Any]] = {key: [] for key in HISTORY_KEYS}

    def __len__(self) -> int:
        return len(self.columns["step"])

    @property
    def last_step(self) -> int | None:
        steps = self.columns["step"]
        return steps[-1] if steps else None

    def append(self, metrics: dict[str, Any]) -> None:
        """Add one point from a metrics dict; halve the history first if it is full."""
        if len(self) >= self.max_points:
            for key, column in self.columns.items():
                self.columns[key] = column[::2]
        for key in HISTORY_KEYS:
            if key == "grad_norms":
                self.columns[key].append([layer["grad_norm"] for layer in metrics["layers"]])
            else:
                self.columns[key].append(metrics[key])

    def to_dict(self) -> dict[str, list[Any]]:
        """The columns as plain lists (copies)."""
        return {key: list(column) for key, column in self.columns.items()}

    @classmethod
    def from_dict(cls, data: dict[str, list[Any]], max_points: int = MAX_HISTORY) -> History:
        """Inverse of `to_dict`."""
        history = cls(max_points)
        lengths = {len(data.get(key, [])) for key in HISTORY_KEYS}
        if len(lengths) != 1:
            raise ValueError(f"history columns {', '.join(HISTORY_KEYS)} must have one length")
        history.columns = {key: list(data[key]) for key in HISTORY_KEYS}
        return history
