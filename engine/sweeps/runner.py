"""One sweep run from its task: train to each checkpoint, keep a thinned curve, the final
metrics and a small uint8 picture of the decision boundary for thumbnails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.metrics import SPLIT_METRICS, evaluate_split, finite
from engine.run import Run
from engine.sweeps.spec import RunTask

__all__ = [
    "CURVE_KEYS",
    "Cancelled",
    "RunResult",
    "measure",
    "new_run",
    "run_task",
    "thumbnail",
    "train_task",
]

CURVE_KEYS = ("step", "epoch", *SPLIT_METRICS)


class Cancelled(Exception):
    """The sweep was cancelled while this run was training."""


@dataclass(frozen=True)
class RunResult:
    """What a sweep keeps of one run (plain values, so it pickles and compares exactly).

    `cut_at` is the budget count at which successive halving stopped the run (None: it trained
    to the end); `final`, `curve` and `thumbnail` are then as they were at the cut. `resume`
    (not compared) carries a leg's state to the next leg."""

    index: int
    cell: int
    seed: int
    final: dict[str, Any]
    curve: dict[str, list[Any]] = field(default_factory=dict)
    thumbnail: dict[str, Any] = field(default_factory=dict)
    cut_at: int | None = None
    resume: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    """Where a leg of successive halving stopped, for the next leg (`RunTask.resume`)."""


def measure(run: Run, step: int, epoch: int) -> dict[str, Any]:
    """Loss and accuracy of every split, with the counters the caller gives."""
    point: dict[str, Any] = {"step": step, "epoch": epoch}
    with np.errstate(all="ignore"):
        for name, part in run._data.parts.items():
            loss, accuracy, _, _ = evaluate_split(run.net, part)
            point[f"{name}_loss"], point[f"{name}_accuracy"] = loss, finite(accuracy)
    return point


def thumbnail(run: Run, resolution: int) -> dict[str, Any]:
    """The boundary as uint8 bytes (row 0 at x2 = +6): P(class 1) x 255 for one output unit of
    a classifier, the predicted class for several units, the value scaled to [lo, hi] for a
    regression."""
    with np.errstate(all="ignore"):  # a diverged run's huge weights overflow float32
        out = run.grid(resolution).output.astype(np.float64)
    lo, hi = 0.0, 1.0
    if out.shape[-1] > 1:
        kind, values = "class", np.argmax(np.nan_to_num(out, nan=-np.inf), axis=-1)
        data = values.astype(np.uint8).tobytes()
    else:
        values = np.nan_to_num(out[..., 0], nan=0.0, posinf=0.0, neginf=0.0)
        kind = "probability" if run.net.output.classification else "value"
        if kind == "value":
            lo, hi = float(values.min()), float(values.max())
        span = hi - lo if hi > lo else 1.0
        scaled = np.clip((values - lo) * (255.0 / span) + 0.5, 0.0, 255.0)
        data = scaled.astype(np.uint8).tobytes()
    return {"resolution": resolution, "kind": kind, "lo": lo, "hi": hi, "data": data}


def _finish(
    task: RunTask, run: Run, points: list[dict[str, Any]], last: dict[str, Any]
) -> RunResult:
    curve = {key: [point[key] for point in points] for key in CURVE_KEYS}
    final = {**last, "status": run.status}
    resume = None
    if task.until is not None:
        resume = {"run": run.to_dict(), "points": points, "at": task.until}
    picture = thumbnail(run, task.thumbnail)
    return RunResult(task.index, task.cell, task.seed, final, curve, picture, resume=resume)


def new_run(task: RunTask) -> Run:
    """The run of `task` before training: built from its config (coach off), on the sweep's
    own points when it has them, as a run trained alone on those points is."""
    run = Run(task.config, coach=False)
    if task.points is not None:
        task.points.apply(run)
    return run


def _start(task: RunTask) -> tuple[Run, list[dict[str, Any]], int]:
    """A fresh run, or the one `task.resume` continues, with its curve so far and its count.

    Sweeps compare settings by their curves, so the coach is off: a run stops only on NaN or
    infinity, exactly as its stacked twin does."""
    if task.resume is None:
        return new_run(task), [], 0
    state = task.resume
    run = Run.from_dict(state["run"])
    run.use_coach(False)
    return run, list(state["points"]), int(state["at"])


def train_task(
    task: RunTask, cancelled: Callable[[], bool] | None = None
) -> tuple[Run, list[dict[str, Any]], dict[str, Any]]:
    """The run of `task` trained alone to its budget (or to `task.until`, or until it
    diverged or stopped early): the run, its curve points, and its metrics where it stopped.

    Training to a count that is not a checkpoint changes no number (the engine's training is
    the same however the steps are split into calls); a run that stopped by itself keeps
    the point it stopped at, as it would at the next checkpoint."""
    run, points, done = _start(task)
    if run.status != "idle" and points:
        return run, points, points[-1]
    end = task.checkpoints[-1] if task.until is None else task.until
    marks = sorted({m for m in task.checkpoints if done < m <= end} | {end})
    last: dict[str, Any] = {}
    for mark in marks:
        if cancelled is not None and cancelled():
            raise Cancelled
        amount = mark - done
        done = mark
        by_epochs = task.unit == "epochs"
        metrics = run.train(epochs=amount) if by_epochs else run.train(steps=amount)
        last = {key: metrics[key] for key in CURVE_KEYS}
        if mark in task.checkpoints or run.status != "idle":
            points.append(last)
        if run.status != "idle":
            break
    return run, points, last


def run_task(task: RunTask, cancelled: Callable[[], bool] | None = None) -> RunResult:
    """Train one run alone to its budget (or `task.until`), checking `cancelled` at every
    checkpoint."""
    run, points, last = train_task(task, cancelled)
    return _finish(task, run, points, last)
