"""Sweep descriptions: grids, random search, seeds, budgets, limits and the errors naming fields."""

from __future__ import annotations

from typing import Any

import pytest

from engine.sweeps.spec import MAX_RUNS_PER_SWEEP, parse_sweep

GRID: dict[str, Any] = {
    "grid": {"training.learning_rate": [0.003, 0.03, 0.3], "training.alpha": [0, 0.001, 0.01]},
    "seeds": 2,
    "budget": {"epochs": 5},
}


def test_a_grid_gives_every_combination_times_every_seed() -> None:
    spec = parse_sweep(GRID)
    assert spec.total == 18 and len(spec.cells) == 9
    assert spec.cells[1] == {"training.learning_rate": 0.003, "training.alpha": 0.001}
    first = spec.tasks[0]
    assert first.config["training"]["learning_rate"] == 0.003
    assert [t.seed for t in spec.tasks[:4]] == [0, 1, 0, 1]
    assert [t.config["random_state"] for t in spec.tasks[:2]] == [0, 1]


def test_the_default_metric_is_validation_loss_and_test_loss_without_a_validation_split() -> None:
    assert parse_sweep(GRID).metric == "val_loss"
    no_val = {**GRID, "base": {"data": {"train_ratio": 0.7, "val_ratio": 0.0}}}
    assert parse_sweep(no_val).metric == "test_loss"


def test_random_search_is_seeded_and_draws_within_its_space() -> None:
    body = {
        "random": {
            "n": 20,
            "seed": 3,
            "space": {
                "training.learning_rate": {"log_uniform": [1e-3, 1.0]},
                "network.activation": {"choice": ["tanh", "relu"]},
            },
        },
        "budget": {"steps": 10},
    }
    first, again = parse_sweep(body), parse_sweep(body)
    assert first.cells == again.cells and len(first.cells) == 20
    rates = [cell["training.learning_rate"] for cell in first.cells]
    assert all(1e-3 <= rate <= 1.0 for rate in rates) and len(set(rates)) == 20
    assert {cell["network.activation"] for cell in first.cells} == {"tanh", "relu"}


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"grid": {"training.learnin_rate": [0.1]}}, "training.learnin_rate"),
        ({"grid": {"optimizer": [0.1]}}, "grid['optimizer']"),
        ({"grid": {"training.learning_rate": [-1.0]}}, "training.learning_rate"),
        ({"grid": {"network.activation": ["tanh", "swish"]}}, "network.activation"),
        ({"grid": {"training.alpha": []}}, "grid['training.alpha']"),
        ({"random": {"n": 5, "space": {"training.alpha": {"log_uniform": [0, 1]}}}}, "log_uniform"),
        ({"random": {"n": 0, "space": {"training.alpha": {"uniform": [0, 1]}}}}, "random.n"),
        ({"seeds": 0}, "seeds"),
        ({"budget": {"minutes": 3}}, "budget"),
        ({"budget": {"epochs": 0}}, "budget.epochs"),
        ({"metric": "speed"}, "metric"),
        ({"thumbnail": 1}, "thumbnail"),
        ({"base": {"training": {"batch_size": 0}}}, "training.batch_size"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_field_raises_a_value_error_naming_it(body: dict[str, Any], named: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_sweep(body)
    assert named in str(caught.value)


def test_runs_per_sweep_are_limited() -> None:
    body = {"grid": {"training.alpha": [i / 1000 for i in range(101)]}, "seeds": 10}
    with pytest.raises(ValueError, match=f"at most {MAX_RUNS_PER_SWEEP} runs per sweep"):
        parse_sweep(body)


def test_examples_per_sweep_are_limited() -> None:
    body = {
        "base": {"data": {"n_samples": 2000}},
        "grid": {"training.alpha": [0.0, 0.1]},
        "seeds": 100,
        "budget": {"epochs": 10_000},
    }
    with pytest.raises(ValueError, match="examples; at most"):
        parse_sweep(body)


def test_checkpoints_are_spread_over_the_budget_and_end_at_it() -> None:
    spec = parse_sweep({"budget": {"epochs": 7}, "curve_points": 20})
    assert spec.tasks[0].checkpoints == (1, 2, 3, 4, 5, 6, 7)
    spec = parse_sweep({"budget": {"steps": 100}, "curve_points": 4})
    assert spec.tasks[0].checkpoints == (25, 50, 75, 100)
