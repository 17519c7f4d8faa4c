"""Seconds taken by the largest step call the limits allow, for the heaviest network.

The run: 8 hidden layers of 16 gelu units, 6-class blobs of 2000 points, seven input features, adam,
dropout and L1, at batch sizes 1, 100 and 2000, each asked for the most steps one call may take
(10,000 steps or 500,000 examples). The tests only check that such a call succeeds; its time is
measured here, next to a fixed plain-NumPy yardstick timed in the same run, so a slow figure can be
told apart from a slow machine. Prints one JSON object. Run: python bench/step_call.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core import limits
from engine import Run

BUDGET_SECONDS = 8.0  # what the README promises for one call on a laptop
BATCH_SIZES = (1, 100, 2000)
HEAVIEST: dict[str, Any] = {
    "random_state": 0,
    "data": {"dataset": "blobs", "n_samples": 2000, "n_classes": 6},
    "features": {"inputs": ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]},
    "network": {"hidden_layer_sizes": [16] * 8, "activation": "gelu", "output": "multiclass"},
    "training": {"optimizer": "adam", "dropout": 0.5, "regularization": "l1", "alpha": 0.001},
}


def largest_call_seconds(batch_size: int) -> tuple[int, float]:
    """(steps, seconds) of the largest allowed `train` call at this batch size."""
    config = {**HEAVIEST, "training": {**HEAVIEST["training"], "batch_size": batch_size}}
    run = Run(config)
    batch = min(batch_size, run.n_train)
    steps = min(limits.MAX_STEPS_PER_CALL, limits.MAX_EXAMPLES_PER_CALL // batch)
    start = time.perf_counter()
    run.train(steps=steps)
    return steps, time.perf_counter() - start


def yardstick_seconds() -> float:
    """A fixed NumPy workload (small matrix products, like one training step's), best of 3."""
    rng = np.random.default_rng(0)
    a, w = rng.standard_normal((100, 16)), rng.standard_normal((16, 16))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(20_000):
            np.tanh(a @ w)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    result: dict[str, Any] = {"budget_seconds": BUDGET_SECONDS}
    yardstick = yardstick_seconds()
    result["yardstick_seconds"] = round(yardstick, 3)
    for batch_size in BATCH_SIZES:
        steps, seconds = largest_call_seconds(batch_size)
        result[f"batch_{batch_size}"] = {
            "steps": steps,
            "seconds": round(seconds, 3),
            "within_budget": seconds < BUDGET_SECONDS,
            "yardsticks": round(seconds / yardstick, 2),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
