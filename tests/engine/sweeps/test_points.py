"""A sweep on a person's own points: every run, on every executor, has the numbers of a run
trained alone on those points with `Run.set_points`; bad rows are refused naming the row."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from engine.run import Run
from engine.sweeps import LocalPoolExecutor, SequentialExecutor, parse_sweep, run_sweep, run_task
from engine.sweeps.halving import run_halving
from engine.sweeps.runner import RunResult, measure, thumbnail
from engine.sweeps.spec import RunTask
from engine.sweeps.stacked import run_stacked, stack_key
from tests.engine.sweeps.test_executors import SWEEP as GENERATED


def _drawn_points() -> list[list[Any]]:
    """Sixty points of two classes split by the line x2 = x1, a few in val and test."""
    rng = np.random.default_rng(7)
    rows: list[list[Any]] = []
    for i, (x1, x2) in enumerate(rng.uniform(-5.0, 5.0, size=(60, 2)).round(2)):
        split = "val" if i % 6 == 1 else "test" if i % 6 == 2 else "train"
        rows.append([float(x1), float(x2), int(x2 > x1), split])
    return rows


POINTS = _drawn_points()
SWEEP: dict[str, Any] = {**GENERATED, "points": POINTS}
"""The executors' sweep, trained on drawn points instead of its generated dataset."""
HALVING = {**SWEEP, "grid": {"training.learning_rate": [0.001, 0.03, 0.3, 1.0]}}
HALVING["halving"] = {"every": 2, "keep": 0.5}


def _alone(task: RunTask) -> RunResult:
    """The run of `task` built, given the points with set_points, and trained by hand."""
    run = Run(task.config, coach=False)
    X = [row[:2] for row in POINTS]
    run.set_points(X, [row[2] for row in POINTS], [row[3] for row in POINTS])
    points = []
    for mark in task.checkpoints:
        run.train(epochs=mark - (points[-1]["epoch"] if points else 0))
        points.append(measure(run, run.trainer.step, mark))
    curve = {key: [p[key] for p in points] for key in points[0]}
    final = {**points[-1], "status": run.status}
    return RunResult(task.index, task.cell, task.seed, final, curve, thumbnail(run, 8))


@pytest.fixture(scope="module")
def reference() -> list[RunResult]:
    return [_alone(task) for task in parse_sweep(SWEEP).tasks]


def test_every_run_of_a_points_sweep_equals_a_run_trained_alone_on_the_points(
    reference: list[RunResult],
) -> None:
    spec = parse_sweep(SWEEP)
    assert [run_task(task) for task in spec.tasks] == reference
    assert spec.tasks[0].points is not None and len(spec.tasks[0].points) == 60


def test_a_points_sweep_trains_on_the_points_not_the_generated_data(
    reference: list[RunResult],
) -> None:
    without = parse_sweep({key: value for key, value in SWEEP.items() if key != "points"})
    assert run_task(without.tasks[0]).final != reference[0].final


@pytest.mark.parametrize("stacked", [False, True])
def test_the_sequential_executor_gives_the_alone_numbers(
    reference: list[RunResult], stacked: bool
) -> None:
    results = run_sweep(SWEEP, SequentialExecutor(stacked=stacked))
    runs = [run for cell in results["cells"] for run in cell["runs"]]
    assert sorted(runs, key=lambda r: r.index) == reference


def test_stacked_runs_on_points_match_runs_trained_alone(reference: list[RunResult]) -> None:
    tasks = parse_sweep(SWEEP).tasks
    assert all(stack_key(task) is not None for task in tasks)
    stacked = run_stacked(tasks)
    for alone, together in zip(reference, stacked, strict=True):
        assert alone.thumbnail == together.thumbnail
        assert np.allclose(
            alone.curve["val_loss"], together.curve["val_loss"], rtol=0.0, atol=1e-12
        )


def test_points_change_the_stack_key() -> None:
    task = parse_sweep(SWEEP).tasks[0]
    other = parse_sweep({**SWEEP, "points": POINTS[:-1]}).tasks[0]
    plain = dataclasses.replace(task, points=None)
    assert len({stack_key(task), stack_key(other), stack_key(plain)}) == 3


def test_the_local_pool_gives_the_alone_numbers(reference: list[RunResult]) -> None:
    with LocalPoolExecutor(workers=2) as pool:
        assert pool.run(parse_sweep(SWEEP).tasks) == reference


def test_halving_on_points_gives_the_same_numbers_in_process_and_on_the_pool() -> None:
    spec = parse_sweep(HALVING)
    halved = run_halving(spec, SequentialExecutor())
    survivor = next(r for r in halved if r.cut_at is None)
    assert survivor == run_task(spec.tasks[survivor.index])
    with LocalPoolExecutor(workers=2, stacked=True) as pool:
        assert run_halving(parse_sweep(HALVING), pool) == halved


def test_ray_gives_the_alone_numbers(local_ray: None, reference: list[RunResult]) -> None:
    from engine.sweeps.ray_executor import RayExecutor

    assert RayExecutor(stacked=True).run(parse_sweep(SWEEP).tasks) == reference
    halved = run_halving(parse_sweep(HALVING), SequentialExecutor())
    assert run_halving(parse_sweep(HALVING), RayExecutor(stacked=True)) == halved


def test_the_default_metric_follows_the_splits_of_the_points() -> None:
    assert parse_sweep(SWEEP).metric == "val_loss"
    no_val = [row for row in POINTS if row[3] != "val"]
    assert parse_sweep({**SWEEP, "points": no_val}).metric == "test_loss"
    only_train = [[*row[:3], "train"] for row in POINTS]
    assert parse_sweep({**SWEEP, "points": only_train}).metric == "train_loss"


def test_the_examples_limit_counts_the_training_points() -> None:
    spec = parse_sweep(SWEEP)
    train = sum(row[3] == "train" for row in POINTS)
    assert spec.examples == spec.total * 4 * train


@pytest.mark.parametrize(
    ("points", "named"),
    [
        ("x1,x2,label", "points must be"),
        ([[1.0, 2.0, 0]], "between 2"),
        ([[1.0, 2.0, 0], [1.0, 2.0]], "points[1]"),
        ([[1.0, 2.0, 0], [1.0, "a", 1]], "points[1]"),
        ([[1.0, 2.0, 0], [1.0, 2.0, 1, "holdout"]], "points[1][3]"),
        ([[1.0, 2.0, 0], [1.0, 7.0, 1]], "points: point 1"),
        ([[1.0, 2.0, 0], [1.0, 2.0, 2]], "points: binary output"),
        ([[1.0, 2.0, 0], [1.0, 2.0, 0.5]], "points: label of point 1"),
        ([[1.0, 2.0, 0, "val"], [1.0, 2.0, 1, "test"]], "points: at least one"),
    ],
)
def test_bad_points_are_refused_naming_the_row(points: Any, named: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_sweep({**SWEEP, "points": points})
    assert str(caught.value).startswith("points") and named in str(caught.value)


def test_points_are_checked_against_every_cells_output() -> None:
    three = [[1.0, 2.0, 0], [2.0, 1.0, 1], [0.0, 0.0, 2]]
    body = {"grid": {"network.output": ["multiclass", "binary"]}, "points": three}
    with pytest.raises(ValueError, match="points: binary output"):
        parse_sweep(body)
    assert parse_sweep({**body, "grid": {"network.output": ["multiclass"]}}).total == 1
