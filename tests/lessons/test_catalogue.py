"""The lesson list itself: its shape, both languages, and presets the engine and server accept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core import limits
from app.main import create_app
from engine import Run
from engine.lessons import LESSONS, describe, get_lesson, get_preset
from engine.sweeps import parse_sweep

PRESETS = [
    pytest.param(lesson["id"], preset, id=f"{lesson['id']}/{preset['name']}")
    for lesson in LESSONS
    for preset in lesson["presets"]
]


def test_lessons_are_numbered_one_to_n_with_unique_ids() -> None:
    lessons = describe()
    assert [lesson["number"] for lesson in lessons] == list(range(1, len(lessons) + 1))
    assert len({lesson["id"] for lesson in lessons}) == len(lessons)
    assert len(lessons) >= 10


def test_describe_is_plain_json_with_the_documented_keys() -> None:
    lessons = json.loads(json.dumps(describe()))
    for lesson in lessons:
        optional = {"sweep", "compare"}
        assert set(lesson) - optional == {"id", "number", "title", "text", "presets", "view"}
        assert set(lesson["view"]) == {"neurons", "gradient_flow"}
        for preset in lesson["presets"]:
            assert set(preset) == {"name", "config", "steps"}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_lesson_has_a_title_and_three_texts_in_each_language(language: str) -> None:
    for lesson in describe():
        assert lesson["title"][language].strip()
        texts = lesson["text"][language]
        assert set(texts) == {"do", "watch", "why"}
        assert all(len(texts[part]) > 20 for part in ("do", "watch", "why"))


SWEEPS = [pytest.param(lesson, id=lesson["id"]) for lesson in LESSONS if "sweep" in lesson]


def test_the_two_tuning_lessons_have_a_sweep_preset() -> None:
    assert {lesson["id"] for lesson in LESSONS if "sweep" in lesson} == {
        "rate-then-lambda",
        "seed-spread",
    }


@pytest.mark.parametrize("lesson", SWEEPS)
def test_every_sweep_preset_is_a_sweep_the_engine_accepts_over_a_full_config(
    lesson: dict[str, Any],
) -> None:
    sweep = lesson["sweep"]
    spec = parse_sweep(sweep)
    assert spec.base == sweep["base"] == Run(sweep["base"]).config.to_dict()
    assert spec.metric == sweep["metric"]
    assert 1 <= len(sweep["grid"]) <= 2  # the Sweep panel shows one or two varied settings
    assert spec.total <= 64  # small enough to run in a minute on a laptop


CATALOGUES = Path(__file__).parents[2] / "static" / "i18n"


@pytest.mark.parametrize("catalogue", ["en.json", "zh-CN.json"])
def test_every_preset_name_has_a_label_in_each_catalogue(catalogue: str) -> None:
    labels = json.loads((CATALOGUES / catalogue).read_text(encoding="utf-8"))
    names = {preset["name"] for lesson in LESSONS for preset in lesson["presets"]}
    assert sorted(name for name in names if f"preset.{name}" not in labels) == []


def test_chinese_texts_are_written_in_chinese() -> None:
    for lesson in describe():
        zh = lesson["text"]["zh"]
        for text in (zh["do"], zh["watch"], zh["why"]):
            han = sum("\u4e00" <= char <= "\u9fff" for char in text)
            assert han > len(text) / 4, text


def test_describe_returns_a_copy() -> None:
    first = describe()
    first[0]["presets"][0]["config"]["random_state"] = 12345
    assert describe()[0]["presets"][0]["config"]["random_state"] != 12345


def test_unknown_lesson_raises_listing_the_ids() -> None:
    with pytest.raises(ValueError, match="hidden-layer"):
        get_lesson("no-such-lesson")


def test_unknown_preset_raises_listing_the_names() -> None:
    with pytest.raises(ValueError, match="two tanh units"):
        get_preset("hidden-layer", "no such preset")


@pytest.mark.parametrize(("lesson_id", "preset"), PRESETS)
def test_every_preset_is_a_full_config_the_engine_accepts(
    lesson_id: str, preset: dict[str, Any]
) -> None:
    run = Run(preset["config"])
    resolved = run.config.to_dict()
    for section, fields in preset["config"].items():
        if isinstance(fields, dict):
            assert set(fields) == set(resolved[section]), section
            for field, value in fields.items():
                assert resolved[section][field] == value, (section, field)
        else:
            assert resolved[section] == fields


@pytest.mark.parametrize(("lesson_id", "preset"), PRESETS)
def test_every_preset_respects_the_servers_public_limits(
    lesson_id: str, preset: dict[str, Any]
) -> None:
    data, network = preset["config"]["data"], preset["config"]["network"]
    sizes = network["hidden_layer_sizes"]
    assert len(sizes) <= limits.MAX_LAYERS
    assert all(1 <= size <= limits.MAX_NEURONS for size in sizes)
    assert limits.MIN_SAMPLES <= data["n_samples"] <= limits.MAX_POINTS
    assert 1 <= preset["steps"] <= limits.MAX_STEPS_PER_CALL
    assert 0 <= preset["config"]["random_state"] <= limits.MAX_SEED


def test_every_preset_opens_a_server_session_with_its_config_unchanged() -> None:
    with TestClient(create_app()) as client:
        for lesson in describe():
            for preset in lesson["presets"]:
                response = client.post("/api/sessions", json=preset["config"])
                assert response.status_code == 201, (lesson["id"], preset["name"], response.text)
                assert response.json()["config"] == preset["config"]
                client.delete(f"/api/sessions/{response.json()['id']}")


def test_the_server_lists_the_lessons() -> None:
    with TestClient(create_app()) as client:
        response = client.get("/api/lessons")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(describe()))
