"""The playground by keyboard and screen reader: every control reached with Tab, a point added at
a cursor moved with the arrow keys, a link picked for editing, every canvas labelled, a focus ring
unlike the "selected" border, and axe-core (from the axe-playwright-python package) finding
nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
# WCAG 2.2 AA (target size included) and axe's best practices (all content inside landmarks).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Visible, enabled controls a keyboard should reach: of a group of radio inputs only the checked
# one is a Tab stop.
TAB_STOPS = """() => {
  const selector = 'button, input, select, textarea, summary, a[href], '
    + '[tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(selector)]
    .filter((e) => e.checkVisibility() && !e.disabled && e.getClientRects().length > 0)
    .filter((e) => !(e.type === 'radio' && !e.checked))
    .map((e) => e.dataset.tabKey);
}"""
MARK_CONTROLS = """() => {
  let n = 0;
  const selector = 'button, input, select, textarea, summary, a, [tabindex]';
  for (const e of document.querySelectorAll(selector)) e.dataset.tabKey = `k${n++}`;
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is (injected through the debugger protocol, which
    the Content-Security-Policy does not govern, so no inline script is needed)."""
    page.evaluate(AXE_SCRIPT)
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_axe_finds_no_violations_on_a_laptop(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=1)


def test_axe_finds_no_violations_with_the_weight_editor_open(page: Page) -> None:
    page.click("#link-edit")
    page.wait_for_selector("#weight-editor:not([hidden])")
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=1)


def test_axe_finds_no_violations_on_a_phone(phone: Page) -> None:
    violations = axe_violations(phone)
    assert not violations, json.dumps(violations, indent=1)


def test_tab_reaches_every_control(page: Page) -> None:
    page.evaluate(MARK_CONTROLS)
    expected = set(page.evaluate(TAB_STOPS))
    reached: set[str] = set()
    for _ in range(len(expected) + 20):
        page.keyboard.press("Tab")
        key = page.evaluate("document.activeElement?.dataset.tabKey ?? null")
        if key:
            reached.add(key)
    missing = page.evaluate(
        "ks => ks.map(k => document.querySelector(`[data-tab-key=${k}]`).outerHTML.slice(0, 90))",
        sorted(expected - reached),
    )
    assert not missing, f"Tab never reaches: {missing}"
    assert page.eval_on_selector("#plot", "e => e.dataset.tabKey") in reached


def test_arrow_keys_and_enter_add_a_point_at_the_cursor(page: Page) -> None:
    before = page.evaluate("window.playground.allPoints()")
    page.focus("#plot")
    for key in ["ArrowRight", "ArrowRight", "ArrowUp"]:
        page.keyboard.press(key)
    assert page.locator(".plot-cursor").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_function(f"window.playground.allPoints().length === {len(before) + 1}")
    added = [p for p in page.evaluate("window.playground.allPoints()") if p not in before]
    assert len(added) == 1
    x1, x2, label = added[0]
    box = page.evaluate("window.playground.store.get('dataBox') ?? 6")
    # Two steps right and one up, each a twentieth of the box's side, from the centre.
    assert (x1, x2) == (pytest.approx(2 * box / 10, abs=1e-3), pytest.approx(box / 10, abs=1e-3))
    assert label == 0
    assert page.evaluate("window.playground.playing") is False  # keys on the plot never play


def test_a_link_can_be_picked_and_edited_from_the_keyboard(page: Page) -> None:
    page.focus("#link-picker")
    page.keyboard.press("ArrowDown")  # the second link
    chosen = page.eval_on_selector("#link-picker", "e => e.value")
    page.focus("#link-edit")
    page.keyboard.press("Enter")
    page.wait_for_selector("#weight-editor:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "weight-value"
    page.keyboard.type("1.25")
    page.keyboard.press("Enter")
    layer, row, col = (int(v) for v in chosen.split(","))
    page.wait_for_function(f"window.playground.latest.weights[{layer}].W[{row}][{col}] === 1.25")


def test_every_canvas_is_labelled(page: Page) -> None:
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('canvas')].filter((c) => {
            if (c.getAttribute('aria-hidden') === 'true') {
              return !c.closest('[aria-label], [title], [aria-labelledby], button');
            }
            return c.getAttribute('role') !== 'img'
              || !(c.getAttribute('aria-label') || c.getAttribute('aria-labelledby'));
        }).map((c) => c.id || c.className || c.parentElement.className)"""
    )
    total = page.evaluate("document.querySelectorAll('canvas').length")
    assert total > 20
    assert not unlabelled, f"{len(unlabelled)} of {total} canvases unlabelled: {unlabelled[:10]}"


def test_the_focus_ring_differs_from_the_selected_border(page: Page) -> None:
    page.focus(".dataset:not(.selected)")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focused from the keyboard, so :focus-visible applies
    focused = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"""
    )
    selected_border = page.eval_on_selector(
        ".dataset.selected", "e => getComputedStyle(e).borderTopColor"
    )
    style, width, colour = focused
    assert style == "solid" and width >= 2, f"focus ring: {focused}"
    assert colour != selected_border
