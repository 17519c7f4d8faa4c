"""The lessons that are comparisons carry a "compare" preset: 2 to 4 labelled runs on the same data,
which the page plays side by side in lockstep (the same number of steps each). Played that way,
every comparison shows its lesson's effect, for every seed."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from engine import Run
from engine.lessons import LESSONS, describe, get_lesson
from tests.lessons.helpers import SEEDS
from tests.lessons.test_batch_size import share_of_steps_that_raise_the_loss
from tests.lessons.test_cost_slowdown import squared_error
from tests.lessons.test_init_scale import saturated_fraction

COMPARING = [
    "symmetry",
    "init-scale",
    "cost-slowdown",
    "batch-size",
    "learning-rate",
    "overfitting",
]
RUNS = [
    pytest.param(lesson["id"], run, id=f"{lesson['id']}/{run['label']['en']}")
    for lesson in LESSONS
    for run in lesson.get("compare", [])
]


def side_by_side(lesson_id: str, seed: int) -> dict[str, Run]:
    """The lesson's compared runs under `seed`, by English label, all at step 0."""
    runs = {}
    for run in get_lesson(lesson_id)["compare"]:
        config = run["config"]
        config["random_state"] = seed
        runs[run["label"]["en"]] = Run(config)
    return runs


def lockstep(runs: dict[str, Run], steps: int) -> dict[str, dict[str, Any]]:
    """Advance every run by the same `steps`, as the Compare view does; their metrics after."""
    return {label: run.train(steps=steps) for label, run in runs.items()}


def test_exactly_the_comparison_lessons_have_a_compare_preset() -> None:
    assert [lesson["id"] for lesson in LESSONS if "compare" in lesson] == COMPARING


@pytest.mark.parametrize("lesson_id", COMPARING)
def test_a_comparison_has_two_to_four_runs_labelled_in_both_languages(lesson_id: str) -> None:
    runs = get_lesson(lesson_id)["compare"]
    assert 2 <= len(runs) <= 4
    for language in ("en", "zh"):
        labels = [run["label"][language] for run in runs]
        assert all(label.strip() for label in labels)
        assert len(set(labels)) == len(labels)  # each run told apart
    assert any("\u4e00" <= char <= "\u9fff" for run in runs for char in run["label"]["zh"])


@pytest.mark.parametrize("lesson_id", COMPARING)
def test_the_compared_runs_share_their_data_and_differ_in_the_network_or_training(
    lesson_id: str,
) -> None:
    configs = [run["config"] for run in get_lesson(lesson_id)["compare"]]
    first = configs[0]
    for config in configs[1:]:
        assert config["data"] == first["data"]
        assert config["features"] == first["features"]
        assert config["random_state"] == first["random_state"]
        assert (config["network"], config["training"]) != (first["network"], first["training"])
    runs = [Run(config) for config in configs]
    assert all(run.points() == runs[0].points() for run in runs[1:])


@pytest.mark.parametrize(("lesson_id", "run"), RUNS)
def test_every_compared_config_opens_a_server_session_unchanged(
    lesson_id: str, run: dict[str, Any]
) -> None:
    with TestClient(create_app()) as client:
        response = client.post("/api/sessions", json=run["config"])
        assert response.status_code == 201, response.text
        assert response.json()["config"] == run["config"]


def test_the_lessons_api_serves_the_compare_presets() -> None:
    with TestClient(create_app()) as client:
        served = {lesson["id"]: lesson for lesson in client.get("/api/lessons").json()}
    for lesson in json.loads(json.dumps(describe())):
        assert served[lesson["id"]].get("compare") == lesson.get("compare")
    assert len(served["cost-slowdown"]["compare"]) == 2


# ----------------------------------------------------------------------------- the effects


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy_falls_while_the_quadratic_cost_is_still_on_its_plateau(seed: int) -> None:
    runs = side_by_side("cost-slowdown", seed)
    start = {label: squared_error(run) for label, run in runs.items()}
    lockstep(runs, 50)
    assert squared_error(runs["quadratic cost (MSE)"]) > 0.9 * start["quadratic cost (MSE)"]
    assert squared_error(runs["cross-entropy"]) < 0.5 * start["cross-entropy"]


@pytest.mark.parametrize("seed", SEEDS)
def test_equal_weights_stay_equal_and_lose_to_random_weights(seed: int) -> None:
    runs = side_by_side("symmetry", seed)
    metrics = lockstep(runs, 3000)
    W = np.array(runs["all weights equal"].weights()[0]["W"])
    assert np.abs(W - W[0]).max() < 1e-12
    assert metrics["all weights equal"]["test_accuracy"] < 0.9
    assert metrics["random weights"]["test_accuracy"] > 0.95


@pytest.mark.parametrize("seed", SEEDS)
def test_only_the_unit_normal_start_saturates_and_stays_saturated(seed: int) -> None:
    runs = side_by_side("init-scale", seed)
    for _ in range(2):  # at step 0, then after the same training
        assert saturated_fraction(runs["N(0, 1) weights"], 0.9) > 0.55
        assert saturated_fraction(runs["Xavier"], 0.9) < 0.25
        assert saturated_fraction(runs["1/√n_in"], 0.9) < 0.25
        lockstep(runs, 1000)


@pytest.mark.parametrize("seed", SEEDS)
def test_step_for_step_batch_size_one_is_the_noisiest_and_the_full_batch_smooth(
    seed: int,
) -> None:
    runs = side_by_side("batch-size", seed)
    noise = {label: share_of_steps_that_raise_the_loss(run) for label, run in runs.items()}
    assert noise["batch size 1"] > 0.2
    assert noise["full batch (120)"] <= 0.01
    assert noise["full batch (120)"] < noise["mini-batch of 10"] < noise["batch size 1"]
    assert len({run.metrics()["step"] for run in runs.values()}) == 1  # in lockstep


@pytest.mark.parametrize("seed", SEEDS)
def test_too_small_crawls_well_chosen_converges_too_large_diverges(seed: int) -> None:
    runs = side_by_side("learning-rate", seed)
    start = {label: run.metrics()["train_loss"] for label, run in runs.items()}
    metrics = lockstep(runs, 2000)
    small, good, large = (metrics[label] for label in runs)
    assert small["train_loss"] > 0.75 * start["η = 0.00003, too small"]
    assert good["train_loss"] < 0.1 * start["η = 0.03, well chosen"]
    assert large["status"] == "diverged"
    assert small["step"] == good["step"] == 2000 > large["step"]  # the diverged run stopped


@pytest.mark.parametrize("seed", SEEDS)
def test_l2_and_dropout_each_narrow_the_train_test_gap(seed: int) -> None:
    runs = side_by_side("overfitting", seed)
    gaps: dict[str, list[float]] = {label: [] for label in runs}
    lockstep(runs, 2500)
    for _ in range(5):  # the gap averaged over the last chunks: SGD's loss is noisy
        for label, metrics in lockstep(runs, 100).items():
            gaps[label].append(metrics["test_loss"] - metrics["train_loss"])
    base = float(np.mean(gaps["no regularisation"]))
    assert float(np.mean(gaps["L2, λ = 1"])) < 0.5 * base
    assert float(np.mean(gaps["dropout 0.5"])) < 0.5 * base
