"""Stacked training: runs that share a network shape and differ only in numbers (seed, learning
rate, lambda, momentum) train together, every array carrying a leading run axis.

NumPy's per-call cost is then paid once per step for all the runs instead of once per run. Each
run keeps its own data, initial weights and generator (`Run` builds them), draws its epoch order
from that generator exactly when its lone trainer would, and goes through the same operations in
the same order (matmul over the run axis does per run what `np.dot` does alone), so every number
matches training the run alone. A run whose numbers stop being finite is trained again alone, so
the NaN guard's undo is exactly the trainer's. Anything else (other optimisers, schedules,
dropout, clipping, early stopping, multi-unit outputs) trains alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.run import Run
from engine.sweeps.runner import Cancelled, RunResult, measure, new_run, run_task, thumbnail
from engine.sweeps.spec import RunTask
from engine.trainer import advance_position

__all__ = ["StackedRuns", "run_stacked", "stack_key"]

FloatArray = NDArray[np.float64]
ACTIVATIONS = {"tanh", "relu", "sigmoid", "linear", "leaky_relu"}
HEADS = {("binary", "cross_entropy"), ("binary", "mse"), ("regression", "mse")}
PENALTIES = {"none", "l2"}


def stack_key(task: RunTask) -> tuple[Any, ...] | None:
    """What runs must share to train stacked, or None when this run must train alone (as a
    leg of successive halving does: it stops early or continues a saved run)."""
    if task.until is not None or task.resume is not None:
        return None
    c = task.config
    n, t, d = c["network"], c["training"], c["data"]
    activations = [n["activation"]] * len(n["hidden_layer_sizes"])
    if not isinstance(n["activation"], str):
        activations = list(n["activation"])
    alone = (
        not set(activations) <= ACTIVATIONS
        or (n["output"], n["loss"]) not in HEADS
        or t["optimizer"] != "sgd"
        or t["schedule"] != "constant"
        or t["regularization"] not in PENALTIES
        or t["dropout"] != 0.0
        or t["clip_norm"] is not None
        or t["early_stopping"]
    )
    if alone:
        return None
    return (
        tuple(n["hidden_layer_sizes"]),
        tuple(activations),
        n["leaky_slope"],
        n["output"],
        n["loss"],
        tuple(c["features"]["inputs"]),
        t["batch_size"],
        t["nesterov"],
        d["n_samples"],
        d["train_ratio"],
        d["val_ratio"],
        task.unit,
        task.checkpoints,
        task.thumbnail,
        None if task.points is None else task.points.key,
    )


def _layer_views(flat: FloatArray, shapes: list[tuple[int, int]]) -> list[FloatArray]:
    """(R, rows, cols) views [W | b] into an (R, P) stack shaped like each run's params."""
    views, start = [], 0
    for rows, cols in shapes:
        views.append(flat[:, start : start + rows * cols].reshape(len(flat), rows, cols))
        start += rows * cols
    return views


class StackedRuns:
    """R runs of one shape: their parameters, momenta and data as stacks along axis 0."""

    def __init__(self, runs: list[Run]) -> None:
        first = runs[0]
        self.runs = runs
        self.net = first.net
        self.n = first.trainer.n
        self.batch_size = first.trainer.batch_size
        R, sizes = len(runs), first.net.sizes
        shapes = [(n_out, n_in + 1) for n_in, n_out in pairwise(sizes)]
        self.params = np.stack([run.net.params for run in runs])
        self.grad = np.zeros_like(self.params)
        self.velocity = np.zeros_like(self.params)
        self.tmp = np.empty_like(self.params)
        self.tmp2 = np.empty_like(self.params)
        self.layers = _layer_views(self.params, shapes)
        self.layers_t = [layer.transpose(0, 2, 1) for layer in self.layers]
        self.grads = _layer_views(self.grad, shapes)
        settings = [run.config.training for run in runs]
        column = np.ones((R, 1))
        self.rate = column * [[s.learning_rate] for s in settings]
        self.momentum = column * [[s.momentum] for s in settings]
        self.stateful = bool(np.any(self.momentum != 0.0))
        self.nesterov = settings[0].nesterov
        self.coef = np.stack([first.net.weight_mask * (s.alpha / self.n) for s in settings])
        self.penalty = any(s.regularization == "l2" for s in settings)
        self.x = np.stack([run.trainer.x for run in runs])
        self.t = np.stack([run.trainer.t for run in runs])
        self.order = np.empty((R, self.n), dtype=np.int64)
        self.pos = self.n
        self.step = self.epoch = 0
        self.alive = np.ones(R, dtype=bool)
        self._buffers: dict[int, dict[str, list[FloatArray]]] = {}

    # ------------------------------------------------------------------------- one step

    def _buffers_for(self, m: int) -> dict[str, list[FloatArray]]:
        """Per batch size: inputs with a row of ones, z, slopes, back (with the bias row)."""
        found = self._buffers.get(m)
        if found is None:
            R, sizes = len(self.runs), self.net.sizes
            inputs = [np.ones((R, k + 1, m)) for k in sizes[:-1]]
            found = self._buffers[m] = {
                "inputs": inputs,
                "inputs_t": [a.transpose(0, 2, 1) for a in inputs],
                "z": [np.empty((R, k, m)) for k in sizes[1:]],
                "slopes": [np.empty((R, k, m)) for k in sizes[1:-1]],
                "back": [np.empty((R, k + 1, m)) for k in sizes[1:-1]],
                "t": [np.empty((R, sizes[-1], m))],
                "yhat": [np.empty((R, sizes[-1], m))],
                "delta": [np.empty((R, sizes[-1], m))],
            }
        return found

    def _next_batch(self) -> dict[str, list[FloatArray]]:
        """The next mini-batch of every run, each from its own epoch order and generator."""
        n, size = self.n, self.batch_size
        if size >= n:
            b = self._buffers_for(n)
            np.copyto(b["inputs"][0], self.x)
            np.copyto(b["t"][0], self.t)
            return b
        if self.pos >= n:
            for r, run in enumerate(self.runs):
                self.order[r] = run.rng.permutation(n)
            self.pos = 0
        index = self.order[:, self.pos : self.pos + size]
        b = self._buffers_for(index.shape[1])
        np.copyto(b["inputs"][0], np.take_along_axis(self.x, index[:, None, :], 2))
        np.copyto(b["t"][0], np.take_along_axis(self.t, index[:, None, :], 2))
        return b

    def _backprop(self, b: dict[str, list[FloatArray]], m: int) -> None:
        """The trainer's forward and backward pass, run by run along axis 0."""
        net, matmul = self.net, np.matmul
        layers, layers_t, grads = self.layers, self.layers_t, self.grads
        inputs, zs, slopes, back = b["inputs"], b["z"], b["slopes"], b["back"]
        last = len(layers) - 1
        for i, g in enumerate(net.hidden):
            z, a = zs[i], inputs[i + 1][:, :-1]
            matmul(layers[i], inputs[i], z)
            g.forward(z, a)
            g.derivative(z, a, slopes[i])
        z, yhat, delta = zs[last], b["yhat"][0], b["delta"][0]
        matmul(layers[last], inputs[last], z)
        net.output.forward(z, yhat)
        net.loss.delta(net.output.activation, z, yhat, b["t"][0], delta)
        delta *= 1.0 / m
        for i in range(last, 0, -1):
            matmul(delta, b["inputs_t"][i], grads[i])
            matmul(layers_t[i], delta, back[i - 1])
            delta = back[i - 1][:, :-1]
            delta *= slopes[i - 1]
        matmul(delta, b["inputs_t"][0], grads[0])

    def _update(self) -> None:
        """SGD with each run's rate, momentum and L2 coefficient (momentum 0: plain SGD)."""
        params, grad, tmp = self.params, self.grad, self.tmp
        if not self.stateful:
            np.multiply(grad, -self.rate, out=tmp)
            params += tmp
            return
        v = self.velocity
        v *= self.momentum
        np.multiply(grad, self.rate, out=tmp)
        v -= tmp
        if self.nesterov:
            np.multiply(v, self.momentum, out=self.tmp2)
            self.tmp2 -= tmp
            params += self.tmp2
        else:
            params += v

    def _drop_unfinite(self, stage: str) -> None:
        """Mark runs whose gradient (stage "grad") or parameters went non-finite as needing a
        lone run, and zero their rows so they stop tripping the check."""
        for r in np.flatnonzero(self.alive):
            row = self.grad[r] if stage == "grad" else self.params[r]
            value = float(np.dot(row, row)) if stage == "grad" else float(np.add.reduce(row))
            if not math.isfinite(value):
                self.alive[r] = False
                for array in (self.params, self.grad, self.velocity):
                    array[r] = 0.0

    def train(self, steps: int) -> None:
        """`steps` updates of every run (the trainer's loop, NaN guard aside)."""
        total = np.add.reduce
        with np.errstate(all="ignore"):
            for _ in range(steps):
                b = self._next_batch()
                m = b["inputs"][0].shape[2]
                self._backprop(b, m)
                if self.penalty:
                    np.multiply(self.params, self.coef, out=self.tmp)
                    self.grad += self.tmp
                if not math.isfinite(float(np.dot(self.grad.ravel(), self.grad.ravel()))):
                    self._drop_unfinite("grad")
                self._update()
                if not math.isfinite(float(total(self.params, axis=None))):
                    self._drop_unfinite("params")
                self._advance(m)

    def _advance(self, m: int) -> None:
        self.step += 1
        self.pos, ended = advance_position(self.pos, m, self.n, self.batch_size)
        self.epoch += ended

    def write_back(self) -> None:
        """Each run's network gets its row of the stack (to measure or draw it)."""
        for run, row in zip(self.runs, self.params, strict=True):
            np.copyto(run.net.params, row)


def _run_group(tasks: list[RunTask], cancelled: Callable[[], bool] | None) -> list[RunResult]:
    """One stack's runs; those that went non-finite are trained again alone."""
    first = tasks[0]
    runs = [new_run(task) for task in tasks]  # as run_task trains them
    stack = StackedRuns(runs)
    per_epoch = math.ceil(stack.n / stack.batch_size)
    scale = per_epoch if first.unit == "epochs" else 1
    curves: list[list[dict[str, Any]]] = [[] for _ in tasks]
    done = 0
    for mark in first.checkpoints:
        if cancelled is not None and cancelled():
            raise Cancelled
        stack.train((mark - done) * scale)
        done = mark
        stack.write_back()
        for r, run in enumerate(runs):
            if stack.alive[r]:
                curves[r].append(measure(run, stack.step, stack.epoch))
    results = []
    for r, (task, run) in enumerate(zip(tasks, runs, strict=True)):
        if not stack.alive[r]:
            results.append(run_task(task, cancelled))
            continue
        curve = {key: [point[key] for point in curves[r]] for key in curves[r][0]}
        final = {**curves[r][-1], "status": "idle"}
        picture = thumbnail(run, task.thumbnail)
        results.append(RunResult(task.index, task.cell, task.seed, final, curve, picture))
    return results


def run_stacked(
    tasks: Sequence[RunTask], cancelled: Callable[[], bool] | None = None
) -> list[RunResult]:
    """The runs of `tasks`, stacked by `stack_key` where they can be; each result is the one
    `run_task` gives that run alone."""
    groups: dict[tuple[Any, ...], list[RunTask]] = {}
    results: list[RunResult] = []
    for task in tasks:
        key = stack_key(task)
        if key is None:
            results.append(run_task(task, cancelled))
        else:
            groups.setdefault(key, []).append(task)
    for group in groups.values():
        if len(group) == 1:
            results.append(run_task(group[0], cancelled))
        else:
            results.extend(_run_group(group, cancelled))
    return sorted(results, key=lambda r: r.index)
