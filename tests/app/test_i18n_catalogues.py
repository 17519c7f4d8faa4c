"""The page's message catalogues (static/i18n/*.json): every language has the same keys, no empty
value, the same {placeholders} per key, and plural entries with an "other" form."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

CATALOGUES = Path(__file__).resolve().parents[2] / "static" / "i18n"
LANGUAGES = ["en", "zh-CN"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLURAL_FORMS = {"zero", "one", "two", "few", "many", "other"}


def load(language: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CATALOGUES / f"{language}.json").read_text(encoding="utf-8"))
    return data


def forms(value: Any) -> list[str]:
    """The texts of one entry: itself, or each form of a plural entry."""
    return list(value.values()) if isinstance(value, dict) else [value]


def placeholders(value: Any) -> set[str]:
    return {name for text in forms(value) for name in PLACEHOLDER.findall(text)}


def test_every_language_has_the_same_keys() -> None:
    english = set(load("en"))
    for language in LANGUAGES[1:]:
        other = set(load(language))
        assert sorted(english - other) == [], f"missing in {language}"
        assert sorted(other - english) == [], f"only in {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_value_is_empty_and_plurals_have_an_other_form(language: str) -> None:
    for key, value in load(language).items():
        if isinstance(value, dict):
            assert "other" in value and set(value) <= PLURAL_FORMS, key
        for text in forms(value):
            assert isinstance(text, str) and text.strip(), f"{language}: {key} is empty"


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_placeholders_match_english(language: str) -> None:
    english = load("en")
    for key, value in load(language).items():
        assert placeholders(value) == placeholders(english[key]), key


def test_the_checks_notice_a_broken_catalogue() -> None:
    assert placeholders({"one": "{count} point", "other": "{count} points"}) == {"count"}
    assert placeholders("第 {step} 步") != placeholders("step {stp}")
