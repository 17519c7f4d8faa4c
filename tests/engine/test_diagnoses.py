"""The training coach: each diagnosis appears on a seeded situation within a stated number of
evaluation points, its fix makes it go away, and healthy runs raise no warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.datasets import DATASETS
from engine.diagnoses import CODES, THRESHOLDS, growth_per_step, nice_rate, safe_rate
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


REGRESSION = {
    "data": {"dataset": "plane"},
    "network": {"hidden_layer_sizes": [], "output": "regression", "loss": "mse"},
}

CASES = [
    # code, config, steps per point, points allowed (the diagnosis appears within
    # steps x points steps; after its fix it stays away for twice as long)
    ("oscillating", {"training": {"learning_rate": 3.0}}, 50, 10),
    ("slow_progress", _preset("learning-rate", "too small"), 50, 15),
    ("vanishing_gradients", _preset("vanishing-gradients", "deep sigmoid"), 50, 8),
    (
        "exploding_gradients",  # a deep net whose initial weights are far too large
        {
            "network": {
                "hidden_layer_sizes": [8] * 6,
                "activation": "linear",
                "kernel_initializer": "random_normal",
                "kernel_init_scale": 2.0,
            },
            "training": {"optimizer": "adam", "learning_rate": 0.001},
        },
        50,
        6,
    ),
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
    ("overfitting", _preset("overfitting", "no regularisation"), 75, 25),
    ("exploding", {**REGRESSION, "training": {"learning_rate": 3.0}}, 100, 1),
]

FIRST_SEEN = {
    "oscillating": 350,
    "slow_progress": 550,
    "vanishing_gradients": 250,
    "exploding_gradients": 300,
    "dead_units": 150,
    "saturated_output": 100,
    "symmetric_units": 150,
    "overfitting": 1500,
    "exploding": 2,
}
"""The step at which each diagnosis first shows in its case (regression guard: the report
quotes them)."""


@pytest.mark.parametrize(("code", "config", "steps", "points"), CASES, ids=[c[0] for c in CASES])
def test_diagnosis_appears_and_its_fix_clears_it(
    code: str, config: dict[str, Any], steps: int, points: int
) -> None:
    run = Run(config)
    diagnosis = _watch(run, code, steps, points)
    assert run.metrics()["step"] <= FIRST_SEEN[code]
    assert diagnosis["severity"] in ("warning", "error") and diagnosis["fix"] is not None
    assert set(diagnosis["evidence"]) == EVIDENCE[code]
    _apply(run, diagnosis["fix"])
    _gone(run, code, steps, 2 * points + 2)


EVIDENCE = {
    "diverged": {"learning_rate", "weight_norm", "growth"},
    "exploding": {"learning_rate", "weight_norm", "growth"},
    "oscillating": {"low", "high", "up_share", "start_loss"},
    "slow_progress": {"loss", "start_loss", "drop", "steps"},
    "vanishing_gradients": {"ratio", "layers"},
    "exploding_gradients": {"ratio", "layers"},
    "dead_units": {"layer", "dead_fraction", "units"},
    "saturated_output": {"saturated_share"},
    "symmetric_units": {"layer", "identical", "units"},
    "overfitting": {"split", "loss", "lowest", "train_loss", "gap"},
    "too_simple": {"accuracy", "hidden_layers"},
}
"""The evidence keys docs/api.md names for each code."""


def test_every_code_has_a_case_here() -> None:
    tested = {case[0] for case in CASES} | {"too_simple", "diverged"}
    assert tested == set(CODES) == set(EVIDENCE)


def test_the_documented_evidence_keys_match() -> None:
    docs = Path("docs/api.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in docs.splitlines() if "| `" in line}
    for code, keys in EVIDENCE.items():
        for key in keys:
            assert f"`{key}`" in rows[code], (code, key)


def test_too_simple_appears_and_a_hidden_layer_raises_accuracy() -> None:
    run = Run(_preset("hidden-layer", "no hidden layer"))
    diagnosis = _watch(run, "too_simple", 75, 20)
    before = run.metrics()["train_accuracy"]
    _apply(run, diagnosis["fix"])
    after = run.train(steps=3000)["train_accuracy"]
    assert after > before + 0.2


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
    _apply(run, diagnosis["fix"])  # one click is enough
    assert run.metrics()["status"] == "idle"
    for _ in range(10):
        metrics = run.train(steps=50)
        assert metrics["status"] == "idle", metrics["diagnoses"]
    assert metrics["train_loss"] < start


def test_diverged_run_has_an_error_diagnosis_and_its_fix_recovers() -> None:
    """A run whose numbers overflow before the weight bound could stop it (here: the bound
    lifted, as for a run loaded with weights already past it) says diverged; its fix (roll
    back, a rate its growth says is stable) trains on after one click."""
    run = Run({**REGRESSION, "training": {"learning_rate": 1e6}})
    run.trainer.weight_limit = float("inf")
    metrics = run.train(steps=200)
    assert metrics["status"] == "diverged"
    (diagnosis,) = metrics["diagnoses"]
    assert diagnosis["code"] == "diverged" and diagnosis["severity"] == "error"
    assert set(diagnosis["evidence"]) == EVIDENCE["diverged"]
    assert (diagnosis["fix"]["reset"], diagnosis["fix"]["rollback"]) == (False, True)
    _apply(run, diagnosis["fix"])
    for _ in range(5):
        metrics = run.train(steps=100)
        assert metrics["status"] == "idle" and "diverged" not in _codes(metrics)
    assert metrics["train_loss"] < run.history()["train_loss"][0]


def test_an_exploding_stop_at_the_very_first_step_is_diagnosed() -> None:
    run = Run({**REGRESSION, "training": {"learning_rate": 1e6}})
    metrics = run.train(steps=10)
    assert (metrics["status"], metrics["step"]) == ("diverged", 0)
    assert _codes(metrics) == {"exploding"}


def test_without_the_coach_there_are_no_diagnoses() -> None:
    run = Run(_preset("symmetry", "constant weights"), coach=False)
    for _ in range(5):
        assert run.train(steps=75)["diagnoses"] == []


HEALTHY_SETTINGS: list[dict[str, Any]] = [
    {},
    {"network": {"hidden_layer_sizes": [8, 8], "activation": "relu"}},
]
"""A fixed sample of bench/coach.py's healthy runs: the defaults and ReLU 8-8, seed 0."""


@pytest.mark.parametrize("dataset", [n for n, s in DATASETS.items() if s.kind == "classification"])
def test_healthy_runs_raise_no_warning(dataset: str) -> None:
    """16 runs trained 120 epochs: at the 2 % bar not one of them may warn."""
    for setting in HEALTHY_SETTINGS:
        run = Run({**setting, "data": {"dataset": dataset}, "random_state": 0})
        per_call = 2 * run.steps_per_epoch  # two epochs per point, as the page plays
        for _ in range(60):
            metrics = run.train(steps=per_call)
            bad = [d for d in metrics["diagnoses"] if d["severity"] != "info"]
            assert not bad, (setting, metrics["step"], bad)


FORMER_FALSE_ALARMS = [
    # dataset, setting, seed, the code it raised before its check was tightened
    ("circles_crosses", {"training": {"learning_rate": 0.1}}, 1, "oscillating"),
    ("spiral", {"network": {"activation": "relu"}}, 0, "slow_progress"),
    ("gaussians", {"network": {"activation": "relu"}}, 0, "vanishing_gradients"),
    ("xor", {"network": {"activation": "relu"}}, 0, "overfitting"),
]


@pytest.mark.parametrize(
    ("dataset", "setting", "seed", "code"), FORMER_FALSE_ALARMS, ids=lambda v: str(v)[:20]
)
def test_healthy_runs_that_once_raised_a_false_alarm_stay_quiet(
    dataset: str, setting: dict[str, Any], seed: int, code: str
) -> None:
    """Healthy runs of bench/coach.py (two hidden layers of 8) that a looser check flagged:
    a converging loss with bumps, a hard problem at a good rate, a converged net, a held-out
    loss drifting up a quarter."""
    config: dict[str, Any] = {"data": {"dataset": dataset}, "random_state": seed}
    config["network"] = {"hidden_layer_sizes": [8, 8], **setting.get("network", {})}
    config["training"] = setting.get("training", {})
    run = Run(config)
    for _ in range(60):
        metrics = run.train(steps=2 * run.steps_per_epoch)
        assert code not in _codes(metrics), metrics["step"]


def test_every_code_is_documented_and_the_table_explains_each_value() -> None:
    docs = Path("docs/api.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in docs
    assert THRESHOLDS.hold_points >= 2


def test_nice_rate_rounds_down_to_one_two_five() -> None:
    assert [nice_rate(v) for v in (3.0, 0.3, 0.07, 1.0)] == [2.0, 0.2, 0.05, 1.0]


def test_growth_per_step_takes_the_largest_of_its_signals() -> None:
    # the loss is quadratic in the error: x10000 over 2 steps is x10 per step for the error
    assert growth_per_step(1e4, None, 2) == pytest.approx(10.0)
    assert growth_per_step(1e4, 1e6, 2) == pytest.approx(1e3)
    # a refused step past a x1000 bound right after the change: x1000 in one step
    assert growth_per_step(None, None, 0, bound=1e3) == pytest.approx(1e3)
    assert growth_per_step(0.5, 0.9, 10) == 1.0  # nothing grew
    assert growth_per_step(None, float("inf"), 3) == 1.0


def test_safe_rate_is_a_quarter_of_the_stable_rate_or_the_last_healthy_one() -> None:
    # growth 391 at rate 30: lambda ~ 392 / 30, stable below 0.153, a quarter is 0.038
    assert safe_rate(30.0, 391.0, None, 0.25) == 0.02
    assert safe_rate(30.0, 391.0, 0.001, 0.25) == 0.001  # healthy at a smaller rate
    assert safe_rate(30.0, 391.0, 3.0, 0.25) == 0.02  # a larger healthy rate is ignored
    assert safe_rate(1.0, 1.0, None, 0.25) == 0.2  # no growth seen: still lower


def test_a_stop_suggests_the_rate_at_which_the_run_was_last_healthy_if_smaller() -> None:
    run = Run({**REGRESSION, "training": {"learning_rate": 0.001}})
    run.train(steps=100)
    run.update({"training": {"learning_rate": 30.0}})
    (diagnosis,) = run.train(steps=100)["diagnoses"]
    assert diagnosis["code"] == "exploding"
    assert diagnosis["fix"]["patch"] == {"training": {"learning_rate": 0.001}}


def test_the_dead_relu_lesson_preset_raises_dead_units_naming_its_dead_units() -> None:
    """The lesson's own example settles at 8 of its 16 units dead (the bar is half)."""
    run = Run(get_preset("vanishing-gradients", "dead ReLU")["config"])
    diagnosis = _watch(run, "dead_units", 100, 15)
    evidence = diagnosis["evidence"]
    assert (evidence["layer"], evidence["dead_fraction"]) == (0, 0.5)
    train = run._data.parts["train"]
    hidden = run.net.forward(train.F).activations[0]
    dead = [int(j) for j in range(hidden.shape[1]) if (hidden[:, j] <= 0.0).all()]
    assert evidence["units"] == dead and len(dead) == 8
    _apply(run, diagnosis["fix"])
    _gone(run, "dead_units", 100, 10)


def test_dead_units_stays_quiet_below_half_a_layer() -> None:
    run = Run(get_preset("vanishing-gradients", "dead ReLU")["config"])
    metrics = run.train(steps=100)  # 5 of 16 dead at first
    assert 0.0 < metrics["layers"][0]["dead_fraction"] < THRESHOLDS.dead_share
    for _ in range(2):
        assert "dead_units" not in _codes(run.train(steps=100))
