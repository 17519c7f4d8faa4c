"""Successive halving: the worst share of the cells is cut every k units, the survivors' numbers
are those of uninterrupted runs, and the pool and a real local Ray give the same results."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.sweeps import LocalPoolExecutor, SequentialExecutor, parse_sweep, run_sweep, run_task
from engine.sweeps.halving import run_halving
from engine.sweeps.runner import RunResult

GRID = {"training.learning_rate": [0.001, 0.03, 0.3, 1.0]}
SWEEP: dict[str, Any] = {
    "base": {"data": {"n_samples": 120}, "network": {"hidden_layer_sizes": [4]}},
    "grid": GRID,
    "seeds": 2,
    "budget": {"epochs": 12},
    "curve_points": 6,
    "thumbnail": 6,
    "halving": {"every": 4, "keep": 0.5},
}
"""Four cells: two cut at epoch 4, one at 8, one trains to 12."""


@pytest.fixture(scope="module")
def halved() -> list[RunResult]:
    return run_halving(parse_sweep(SWEEP), SequentialExecutor())


def _cuts(results: list[RunResult]) -> dict[int, int | None]:
    return {result.cell: result.cut_at for result in results}


def test_cells_are_cut_in_halves_at_every_k_until_one_is_left(halved: list[RunResult]) -> None:
    cuts = list(_cuts(halved).values())
    assert sorted(cuts, key=lambda c: c or 99) == [4, 4, 8, None]
    assert len(halved) == 8


def test_the_cut_cells_are_the_worst_by_the_metric_at_the_cut(halved: list[RunResult]) -> None:
    at_four = run_sweep({**SWEEP, "budget": {"epochs": 4}, "halving": None})
    worst_two = set(at_four["ranking"][-2:])
    assert {cell for cell, cut in _cuts(halved).items() if cut == 4} == worst_two


def test_a_cut_run_keeps_its_numbers_at_the_cut(halved: list[RunResult]) -> None:
    at_four = parse_sweep({**SWEEP, "budget": {"epochs": 4}, "halving": None})
    for result in halved:
        if result.cut_at == 4:
            alone = run_task(at_four.tasks[result.index])
            assert result.final == alone.final
            assert result.thumbnail == alone.thumbnail


def test_a_surviving_run_equals_an_uninterrupted_run(halved: list[RunResult]) -> None:
    plain = parse_sweep({**SWEEP, "halving": None})
    survivors = [result for result in halved if result.cut_at is None]
    assert survivors
    for result in survivors:
        alone = run_task(plain.tasks[result.index])
        assert result == alone  # final, curve and thumbnail: every number the same
        for key in ("train_loss", "val_loss", "test_loss"):
            np.testing.assert_allclose(result.final[key], alone.final[key], rtol=0, atol=1e-12)


def test_legs_that_end_between_checkpoints_change_no_number() -> None:
    body = {
        **SWEEP,
        "budget": {"steps": 30},
        "curve_points": 4,
        "halving": {"every": 7, "keep": 0.5},
    }
    halved = run_halving(parse_sweep(body), SequentialExecutor())
    plain = parse_sweep({**body, "halving": None})
    survivor = next(result for result in halved if result.cut_at is None)
    assert survivor == run_task(plain.tasks[survivor.index])
    assert survivor.curve["step"] == [8, 15, 22, 30]
    assert sorted({r.cut_at for r in halved if r.cut_at is not None}) == [7, 14]


def test_a_cell_whose_loss_blew_up_is_cut_first() -> None:
    body = dict(SWEEP)
    body["base"] = {
        "data": {"dataset": "plane", "n_samples": 100},
        "network": {
            "hidden_layer_sizes": [8],
            "activation": "relu",
            "output": "regression",
            "loss": "mse",
        },
        "training": {"batch_size": 100},
    }
    body["grid"] = {"training.learning_rate": [0.01, 100.0]}
    body["metric"] = "train_loss"
    halved = run_halving(parse_sweep(body), SequentialExecutor())
    assert _cuts(halved) == {0: None, 1: 4}
    assert all(r.final["train_loss"] is None for r in halved if r.cell == 1)


def test_one_cell_is_never_cut() -> None:
    body = {
        **SWEEP,
        "grid": {"training.learning_rate": [0.1]},
        "halving": {"every": 3, "keep": 0.1},
    }
    assert _cuts(run_halving(parse_sweep(body), SequentialExecutor())) == {0: None}


def test_the_summary_ranks_survivors_first_and_says_where_cells_were_cut(
    halved: list[RunResult],
) -> None:
    summary = run_sweep(SWEEP)
    by_index = {cell["index"]: cell for cell in summary["cells"]}
    assert [by_index[i]["cut_at"] for i in summary["ranking"]] == [None, 8, 4, 4]


def test_each_run_is_reported_once_when_it_ends(halved: list[RunResult]) -> None:
    seen: list[RunResult] = []
    run_halving(parse_sweep(SWEEP), SequentialExecutor(), seen.append)
    assert sorted(seen, key=lambda r: r.index) == halved
    assert [r.cut_at for r in seen][:4] == [4, 4, 4, 4]


def test_the_local_pool_halves_to_the_same_numbers(halved: list[RunResult]) -> None:
    with LocalPoolExecutor(workers=2, stacked=True) as pool:
        assert run_halving(parse_sweep(SWEEP), pool) == halved


@pytest.mark.parametrize(
    ("halving", "message"),
    [
        ({"every": 0, "keep": 0.5}, "halving.every"),
        ({"every": 13, "keep": 0.5}, "halving.every"),
        ({"every": 2, "keep": 0.0}, "halving.keep"),
        ({"every": 2, "keep": 1.0}, "halving.keep"),
        ({"every": 2, "keep": "half"}, "halving.keep"),
        ({"every": 2}, "halving"),
        ({"every": 2, "keep": 0.5, "when": 1}, "halving"),
        ([2, 0.5], "halving"),
    ],
)
def test_a_bad_halving_is_refused_naming_its_field(halving: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_sweep({**SWEEP, "halving": halving})


def test_ray_halves_to_the_same_numbers(local_ray: None, halved: list[RunResult]) -> None:
    from engine.sweeps.ray_executor import RayExecutor

    assert run_halving(parse_sweep(SWEEP), RayExecutor(stacked=True)) == halved
