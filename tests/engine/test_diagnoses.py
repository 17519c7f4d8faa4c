"""The training coach: each diagnosis appears on a seeded situation within a stated number of
evaluation points, its fix makes it go away, and healthy runs raise no warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.diagnoses import CODES, THRESHOLDS, nice_rate
from engine.lessons import get_preset
from engine.run import Run


def _codes(metrics: dict[str, Any]) -> set[str]:
    return {d["code"] for d in metrics["diagnoses"]}


def _watch(run: Run, code: str, steps: int, points: int) -> dict[str, Any]:
    """Train `points` calls of `steps` steps; the first diagnosis `code` seen (fails if none)."""
    for _ in range(points):
        for diagnosis in run.train(steps=steps)["diagnoses"]:
            if diagnosis["code"] == code:
                return diagnosis
    raise AssertionError(f"{code} did not appear within {points} points of {steps} steps")


def _apply(run: Run, fix: dict[str, Any]) -> None:
    if fix["rollback"]:
        run.rollback()
    run.update(fix["patch"])
    if fix["reset"]:
        run.reset()


def _gone(run: Run, code: str, steps: int, points: int) -> None:
    for _ in range(points):
        assert code not in _codes(run.train(steps=steps))


def _preset(lesson: str, name: str, **changes: Any) -> dict[str, Any]:
    config = get_preset(lesson, name)["config"]
    for section, values in changes.items():
        config[section].update(values)
    return config


CASES = [
    # code, config, steps per point, points allowed
    ("slow_progress", _preset("learning-rate", "too small"), 50, 15),
    ("vanishing_gradients", _preset("vanishing-gradients", "deep sigmoid"), 50, 8),
    (
        "dead_units",
        _preset(
            "learning-rate",
            "well chosen",
            training={"learning_rate": 3.0},
            network={"activation": "relu"},
        ),
        50,
        6,
    ),
    ("saturated_output", _preset("cost-slowdown", "quadratic cost"), 50, 5),
    ("symmetric_units", _preset("symmetry", "constant weights"), 75, 5),
    ("overfitting", _preset("overfitting", "no regularisation"), 75, 20),
]


@pytest.mark.parametrize(("code", "config", "steps", "points"), CASES, ids=[c[0] for c in CASES])
def test_diagnosis_appears_and_its_fix_clears_it(
    code: str, config: dict[str, Any], steps: int, points: int
) -> None:
    run = Run(config)
    diagnosis = _watch(run, code, steps, points)
    assert diagnosis["severity"] == "warning" and diagnosis["fix"] is not None
    _apply(run, diagnosis["fix"])
    _gone(run, code, steps, 2 * points)


def test_too_simple_appears_and_a_hidden_layer_raises_accuracy() -> None:
    run = Run(_preset("hidden-layer", "no hidden layer"))
    diagnosis = _watch(run, "too_simple", 75, 20)
    before = run.metrics()["train_accuracy"]
    _apply(run, diagnosis["fix"])
    after = run.train(steps=3000)["train_accuracy"]
    assert after > before + 0.2


def test_oscillating_loss_at_a_high_rate_is_seen_and_a_lower_rate_calms_it() -> None:
    run = Run({"network": {"activation": "relu"}, "training": {"learning_rate": 10.0}})
    seen: set[str] = set()
    for _ in range(30):
        metrics = run.train(steps=50)
        seen |= _codes(metrics)
        if metrics["status"] != "idle":
            break
    assert seen & {"oscillating", "exploding", "dead_units"}


def test_exploding_regression_stops_before_overflow_and_recovers_after_rollback() -> None:
    config = {
        "data": {"dataset": "plane"},
        "network": {"hidden_layer_sizes": [], "output": "regression", "loss": "mse"},
        "training": {"learning_rate": 30.0},
    }
    run = Run(config)
    start = run.metrics()["train_loss"]
    metrics = run.train(steps=100)
    assert metrics["status"] == "diverged"
    assert metrics["train_loss"] is not None  # stopped while the numbers were finite
    (diagnosis,) = metrics["diagnoses"]
    assert diagnosis["code"] == "exploding" and diagnosis["severity"] == "error"
    assert diagnosis["fix"]["rollback"]
    for _ in range(3):  # each click lowers the rate a hundredfold; it may take more than one
        _apply(run, diagnosis["fix"])
        assert run.metrics()["status"] == "idle"
        metrics = run.train(steps=500)
        if metrics["status"] == "idle":
            break
        diagnosis = metrics["diagnoses"][0]
    assert metrics["status"] == "idle"
    assert metrics["train_loss"] < start


def test_diverged_run_has_an_error_diagnosis_and_rollback_recovers() -> None:
    config = {
        "data": {"dataset": "plane"},
        "network": {"hidden_layer_sizes": [], "output": "regression", "loss": "mse"},
        "training": {"learning_rate": 1e6},
    }
    run = Run(config)
    run.trainer.weight_limit = float("inf")  # let it reach inf, as a run without the guard
    metrics = run.train(steps=200)
    assert metrics["status"] == "diverged"
    assert "diverged" in _codes(metrics)
    run.rollback()
    run.update({"training": {"learning_rate": 0.01}})
    assert run.train(steps=100)["status"] == "idle"


def test_without_the_coach_there_are_no_diagnoses() -> None:
    run = Run(_preset("symmetry", "constant weights"), coach=False)
    for _ in range(5):
        assert run.train(steps=75)["diagnoses"] == []


HEALTHY = ["circles_crosses", "xor", "circle", "gaussians", "moons", "blobs"]


@pytest.mark.parametrize("dataset", HEALTHY)
@pytest.mark.parametrize("seed", [0, 1])
def test_healthy_runs_raise_no_warning(dataset: str, seed: int) -> None:
    config = {
        "data": {"dataset": dataset},
        "random_state": seed,
        "network": {"hidden_layer_sizes": [8, 8]},
        "training": {"learning_rate": 0.03},
    }
    run = Run(config)
    for _ in range(60):
        metrics = run.train(steps=36)  # two epochs per point, as the page plays
        bad = [d for d in metrics["diagnoses"] if d["severity"] != "info"]
        assert not bad, (metrics["step"], bad)


def test_every_code_is_documented_and_the_table_explains_each_value() -> None:
    docs = Path("docs/api.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in docs
    assert THRESHOLDS.hold_points >= 2


def test_nice_rate_rounds_down_to_one_two_five() -> None:
    assert [nice_rate(v) for v in (3.0, 0.3, 0.07, 1.0)] == [2.0, 0.2, 0.05, 1.0]
