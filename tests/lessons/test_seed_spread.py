"""Lesson 12: unregularised runs differ much more from seed to seed than L2-regularised ones,
shown as the spread of a sweep's seeds."""

from __future__ import annotations

from typing import Any

import pytest

from engine.lessons import get_lesson
from tests.lessons.helpers import SEEDS
from tests.lessons.sweeps import lesson_sweep

LESSON = "seed-spread"
SEEDS_PER_CELL = get_lesson(LESSON)["sweep"]["seeds"]


@pytest.fixture(params=SEEDS, scope="module")
def cells(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    """The λ = 0 and λ = 1 cells, each over its own block of seeds."""
    first = request.param * SEEDS_PER_CELL
    seeds = list(range(first, first + SEEDS_PER_CELL))
    result = lesson_sweep(LESSON, 0, seeds=seeds)
    plain, regularised = result["cells"]
    assert plain["params"] == {"training.alpha": 0.0}
    assert regularised["params"]["training.alpha"] > 0.0
    assert [run.seed for run in plain["runs"]] == seeds
    return plain, regularised


def test_test_loss_spreads_much_more_over_seeds_without_l2(
    cells: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    plain, regularised = cells
    assert plain["test_loss"]["std"] > 1.5 * regularised["test_loss"]["std"]


def test_l2_also_lowers_the_mean_test_loss(cells: tuple[dict[str, Any], dict[str, Any]]) -> None:
    plain, regularised = cells
    assert regularised["test_loss"]["mean"] < plain["test_loss"]["mean"]
