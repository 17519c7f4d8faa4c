"""The page's modules stay small and its panels independent (docs/architecture.md, "The page")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parents[2] / "static" / "js"
PANELS = JS / "panels"
MOST_LINES = 310  # "no page module over ~300 lines"
IMPORT = re.compile(r"""^import .* from "(?P<path>[^"]+)";$""", re.MULTILINE)


def modules() -> list[Path]:
    return sorted(JS.rglob("*.js"))


@pytest.mark.parametrize("module", modules(), ids=lambda p: str(p.relative_to(JS)))
def test_no_page_module_is_longer_than_about_300_lines(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{module.name} has {lines} lines"


def test_every_named_panel_has_its_own_module() -> None:
    names = {p.stem for p in PANELS.glob("*.js")}
    assert {"topbar", "data", "network", "output", "learning", "lessons"} <= names


@pytest.mark.parametrize("panel", sorted(PANELS.glob("*.js")), ids=lambda p: p.stem)
def test_panels_never_import_each_other(panel: Path) -> None:
    imported = IMPORT.findall(panel.read_text(encoding="utf-8"))
    assert imported, f"{panel.name} imports nothing?"
    assert not [path for path in imported if path.startswith("./")], imported


def test_main_only_wires() -> None:
    text = (JS / "main.js").read_text(encoding="utf-8")
    assert "document.querySelector" not in text and "getElementById" not in text
    assert "fetch(" not in text


def test_the_stylesheet_closes_every_block_before_its_next_section() -> None:
    """Braces balance, and every section comment of playground.css sits at the top level: a block
    left open (an easy slip when two features append to the end) silently drops every rule after
    it, which no page test notices until a panel looks unstyled."""
    text = (JS.parent / "playground.css").read_text(encoding="utf-8")
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("/* ----"):
            assert depth == 0, f"a block is still open at the section on line {number}: {line}"
        code = re.sub(r"/\*.*?\*/", "", line)
        depth += code.count("{") - code.count("}")
        assert depth >= 0, f"line {number} closes a block that was never opened"
    assert depth == 0, "the stylesheet ends inside a block"
