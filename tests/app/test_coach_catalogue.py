"""Every diagnosis code in docs/api.md's table has the coach's sentences in both catalogues
(title, why, fix), and each sentence only asks for numbers the diagnosis carries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["en", "zh-CN"]
ROW = re.compile(r"^\| `(?P<code>\w+)` \| \w+ \| (?P<evidence>(?:[^|\\]|\\.)*) \|", re.MULTILINE)
"""A row of the table; a cell may hold escaped bars (\\| in |dC/db|)."""


def documented() -> dict[str, set[str]]:
    """code → its evidence keys, from the "Diagnoses" table of docs/api.md."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8").split("## Diagnoses")[1]
    return {m["code"]: set(re.findall(r"`(\w+)`", m["evidence"])) for m in ROW.finditer(text)}


def catalogue(language: str) -> dict[str, str]:
    data: dict[str, str] = json.loads(
        (ROOT / "static" / "i18n" / f"{language}.json").read_text("utf-8")
    )
    return data


def test_the_table_lists_every_code() -> None:
    assert len(documented()) >= 11 and "oscillating" in documented()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", sorted(documented()))
def test_every_code_has_its_sentences_filled_from_its_evidence(code: str, language: str) -> None:
    words = catalogue(language)
    allowed = documented()[code] | {"step"}
    for part in ("title", "why", "fix"):
        text = words.get(f"coach.{code}.{part}")
        assert text, f"coach.{code}.{part} missing in {language}"
        for name in re.findall(r"\{(\w+)\}", text):
            assert name in allowed or name.startswith("fix_"), f"{code}.{part}: {{{name}}}"
