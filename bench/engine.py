"""Speed of the engine's training loop and grid pass against a plain NumPy reference.

Network: hidden_layer_sizes [8] * 6, tanh, binary output, 500 training points. Prints one JSON
object: examples per second at batch sizes 1, 10 and full, and one 100 x 100 grid pass with
every neuron's activation, for the engine and the reference, with engine / reference ratios;
and steps per second of Run.train with the coach's diagnoses on and off (target: within 3 %,
the median ratio of interleaved repeats). Run: python bench/engine.py [--coach: that part only]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import Run

FloatArray = NDArray[np.float64]
HIDDEN = [8] * 6
N_POINTS = 500
RESOLUTION = 100
REPEATS = 7
CONFIG: dict[str, Any] = {
    "random_state": 0,
    "data": {
        "dataset": "circles_crosses",
        "n_samples": N_POINTS,
        "train_ratio": 1.0,
        "val_ratio": 0.0,
    },
    "network": {"hidden_layer_sizes": HIDDEN, "activation": "tanh", "output": "binary"},
    "training": {"learning_rate": 0.01, "optimizer": "sgd"},
}


class Reference:
    """The textbook loop: per layer z = a W^T + b, a = tanh(z); fresh arrays at every step."""

    def __init__(self, run: Run) -> None:
        self.Ws = [np.array(layer["W"]) for layer in run.weights()]
        self.bs = [np.array(layer["b"]) for layer in run.weights()]
        points = run.points()["train"]
        self.X = np.array(points["X"])
        self.y = np.array(points["y"], dtype=np.float64)
        self.rng = np.random.default_rng(0)

    def train(self, steps: int, batch: int, lr: float) -> None:
        n = len(self.X)
        order, pos = self.rng.permutation(n), 0
        for _ in range(steps):
            if pos >= n:
                order, pos = self.rng.permutation(n), 0
            index = order[pos : pos + batch]
            pos += batch
            acts = [self.X[index]]
            for W, b in zip(self.Ws[:-1], self.bs[:-1], strict=True):
                acts.append(np.tanh(acts[-1] @ W.T + b))
            z = acts[-1] @ self.Ws[-1].T + self.bs[-1]
            yhat = 1.0 / (1.0 + np.exp(-z))
            delta = (yhat - self.y[index][:, None]) / len(index)
            for layer in range(len(self.Ws) - 1, -1, -1):
                dW = delta.T @ acts[layer]
                db = delta.sum(axis=0)
                if layer > 0:
                    delta = (delta @ self.Ws[layer]) * (1.0 - acts[layer] ** 2)
                self.Ws[layer] = self.Ws[layer] - lr * dW
                self.bs[layer] = self.bs[layer] - lr * db

    def grid(self, resolution: int) -> tuple[FloatArray, list[FloatArray]]:
        x1 = np.linspace(-6.0, 6.0, resolution)
        x2 = np.linspace(6.0, -6.0, resolution)
        g1, g2 = np.meshgrid(x1, x2)
        a = np.column_stack([g1.ravel(), g2.ravel()])
        hidden = []
        for W, b in zip(self.Ws[:-1], self.bs[:-1], strict=True):
            a = np.tanh(a @ W.T + b)
            hidden.append(a.reshape(resolution, resolution, -1))
        z = a @ self.Ws[-1].T + self.bs[-1]
        return (1.0 / (1.0 + np.exp(-z))).reshape(resolution, resolution, -1), hidden


def best_times(*actions: Callable[[], object]) -> list[float]:
    """The fastest of REPEATS runs of each action, in seconds. The actions take turns, so a
    burst of load from other processes hits the engine and the reference alike."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(REPEATS):
        for action, spent in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            spent.append(time.perf_counter() - start)
    return [min(spent) for spent in times]


def throughput(batch: int) -> tuple[float, float]:
    """Examples per second for (engine, reference) at one batch size."""
    steps = max(200, 20_000 // batch)
    run = Run(CONFIG)
    run.update({"training": {"batch_size": batch}})
    reference = Reference(run)
    engine_time, reference_time = best_times(
        lambda: run.trainer.run(steps),
        lambda: reference.train(steps, min(batch, N_POINTS), 0.01),
    )
    examples = steps * min(batch, N_POINTS)
    return examples / engine_time, examples / reference_time


def grid_times() -> tuple[float, float]:
    """Seconds for one 100 x 100 grid pass with all activations (engine, reference); the
    results of a batch of passes are kept, so every pass gets fresh memory for its arrays."""
    run = Run(CONFIG)
    reference = Reference(run)
    run.grid(RESOLUTION, neurons=True)
    repeat = 20
    engine, plain = best_times(
        lambda: [run.grid(RESOLUTION, neurons=True) for _ in range(repeat)],
        lambda: [reference.grid(RESOLUTION) for _ in range(repeat)],
    )
    return engine / repeat, plain / repeat


def coach_cost(repeats: int = 61) -> dict[str, float]:
    """Steps per second of `Run.train` called as the page plays it (two epochs per call, so
    one evaluation point each), with the coach's diagnoses on and off: two runs of the same
    config and seed, trained block by block in turns (the order flipping every repeat), so
    load from other processes hits both alike. The ratio is the median over the repeats of
    off time / on time (1.0: free; 0.97: on is 3 % slower)."""
    calls, per_call = 10, 2 * N_POINTS // 10
    runs = {"on": Run(CONFIG), "off": Run(CONFIG, coach=False)}
    spent: dict[str, list[float]] = {"on": [], "off": []}
    for repeat in range(repeats):
        for name in ("on", "off") if repeat % 2 == 0 else ("off", "on"):
            run = runs[name]
            start = time.perf_counter()
            for _ in range(calls):
                run.train(steps=per_call)
            spent[name].append(time.perf_counter() - start)
    ratios = [off / on for on, off in zip(spent["on"], spent["off"], strict=True)]
    steps = calls * per_call
    return {
        "coach_on_steps_per_s": round(steps / statistics.median(spent["on"])),
        "coach_off_steps_per_s": round(steps / statistics.median(spent["off"])),
        "on_vs_off_median": round(statistics.median(ratios), 4),
        "repeats": repeats,
        "target": 0.97,
    }


def main() -> None:
    result: dict[str, Any] = {"network": {"hidden_layer_sizes": HIDDEN, "activation": "tanh"}}
    if "--coach" in sys.argv[1:]:
        result["diagnoses"] = coach_cost()
        print(json.dumps(result, indent=2))
        return
    for label, batch in (("batch_1", 1), ("batch_10", 10), ("full_batch", N_POINTS)):
        engine, reference = throughput(batch)
        result[label] = {
            "engine_examples_per_s": round(engine),
            "reference_examples_per_s": round(reference),
            "ratio": round(engine / reference, 2),
        }
    engine_s, reference_s = grid_times()
    result["grid_100"] = {
        "engine_ms": round(engine_s * 1e3, 3),
        "reference_ms": round(reference_s * 1e3, 3),
        "ratio": round(engine_s / reference_s, 3),
    }
    result["diagnoses"] = coach_cost()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
