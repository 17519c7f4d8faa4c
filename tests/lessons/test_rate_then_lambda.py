"""Lesson 11: a grid over η and λ. With λ = 0 the best η is an interior value; with that η a
moderate λ lowers the validation loss further; the best cell overall lies on that η's row."""

from __future__ import annotations

import numpy as np
import pytest

from engine.lessons import ALPHAS, RATES
from tests.lessons.helpers import SEEDS
from tests.lessons.sweeps import lesson_sweep, metric_table

LESSON = "rate-then-lambda"
CHANCE_LOSS = float(np.log(2.0))  # cross-entropy of a network that says 0.5 everywhere


@pytest.fixture(params=SEEDS, scope="module")
def table(request: pytest.FixtureRequest) -> np.ndarray:
    """Validation loss, rows = learning rates, columns = λ."""
    result = lesson_sweep(LESSON, request.param)
    assert result["metric"] == "val_loss"
    return metric_table(result, len(RATES), "val_loss")


def best_rate_row(table: np.ndarray) -> int:
    """The row of the learning rate that is best without regularisation (column λ = 0)."""
    return int(np.nanargmin(table[:, ALPHAS.index(0.0)]))


def test_the_best_learning_rate_without_l2_is_an_interior_value(table: np.ndarray) -> None:
    row = best_rate_row(table)
    assert 0 < row < len(RATES) - 1
    column = table[:, ALPHAS.index(0.0)]
    assert column[0] > 0.9 * CHANCE_LOSS  # the smallest rate has hardly left chance
    assert column[-1] > 2 * CHANCE_LOSS  # the largest ends far above where it started


def test_with_that_rate_a_moderate_lambda_lowers_the_validation_loss(table: np.ndarray) -> None:
    row = table[best_rate_row(table)]
    best = int(np.nanargmin(row))
    assert 0 < best < len(ALPHAS) - 1  # neither no L2 nor the largest λ
    assert row[best] < row[0] - 0.01
    assert row[-1] > row[0]  # the largest λ underfits


def test_the_best_cell_overall_lies_on_the_row_chosen_with_lambda_zero(table: np.ndarray) -> None:
    overall_row = int(np.nanargmin(table)) // len(ALPHAS)
    assert overall_row == best_rate_row(table)
