"""Lesson 10: a big network overfits a few noisy points; L2, dropout, early stopping and more data
each narrow the gap between training and test loss."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.limits import DEFAULT_STEPS_PER_FRAME
from engine import Run
from tests.lessons.helpers import SEEDS, preset_run, suggested_steps

LESSON = "overfitting"
BASE = "no regularisation"
CURES = ["L2", "dropout", "more data"]
CHUNK = 50
TAIL = 5


def loss_curves(run: Run, steps: int, chunk: int = CHUNK) -> dict[str, np.ndarray]:
    """Train in chunks; the step, training loss and test loss after each chunk."""
    rows = []
    while run.metrics()["step"] < steps and run.metrics()["status"] == "idle":
        metrics = run.train(steps=chunk)
        rows.append((metrics["step"], metrics["train_loss"], metrics["test_loss"]))
    step, train, test = np.array(rows).T
    return {"step": step, "train": train, "test": test}


def end_gap(curves: dict[str, np.ndarray]) -> float:
    """Test minus training loss, averaged over the last TAIL chunks (SGD's loss is noisy)."""
    return float(np.mean(curves["test"][-TAIL:] - curves["train"][-TAIL:]))


@pytest.fixture(params=SEEDS, scope="module")
def unregularised(request: pytest.FixtureRequest) -> tuple[int, dict[str, np.ndarray]]:
    run = preset_run(LESSON, BASE, request.param)
    return request.param, loss_curves(run, suggested_steps(LESSON, BASE))


def test_test_loss_bottoms_out_early_while_training_loss_keeps_falling(
    unregularised: tuple[int, dict[str, np.ndarray]],
) -> None:
    _, curves = unregularised
    best = int(np.argmin(curves["test"]))
    assert curves["step"][best] <= curves["step"][-1] / 3  # well before training ends
    assert np.mean(curves["test"][-TAIL:]) > 1.3 * curves["test"][best]  # and then it climbs
    assert np.mean(curves["train"][-TAIL:]) < 0.7 * curves["train"][best]  # while training
    # loss keeps falling


@pytest.mark.parametrize("cure", CURES)
def test_each_cure_narrows_the_train_test_gap(
    cure: str, unregularised: tuple[int, dict[str, np.ndarray]]
) -> None:
    seed, base = unregularised
    run = preset_run(LESSON, cure, seed)
    assert end_gap(loss_curves(run, suggested_steps(LESSON, cure))) < 0.5 * end_gap(base)


def test_early_stopping_halts_early_with_a_small_gap(
    unregularised: tuple[int, dict[str, np.ndarray]],
) -> None:
    seed, base = unregularised
    run = preset_run(LESSON, "early stopping", seed)
    steps = suggested_steps(LESSON, "early stopping")
    loss_curves(run, steps, chunk=DEFAULT_STEPS_PER_FRAME)  # as the page's play loop does
    metrics = run.metrics()
    assert metrics["status"] == "stopped_early"
    assert metrics["step"] < steps / 3
    assert metrics["test_loss"] - metrics["train_loss"] < 0.5 * end_gap(base)
