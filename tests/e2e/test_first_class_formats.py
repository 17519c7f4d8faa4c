"""Charts and tables write numbers as the metrics line does (static/js/format.js): three significant
digits, × 10ⁿ for very large or small, and chart ticks that still differ from their neighbours."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

TICK = "(args) => import('/static/js/linechart.js').then((m) => m.formatTick(...args))"
# A figure as format.js writes it: up to three significant digits, or m × 10ⁿ.
FIGURE = re.compile(r"−?-?(\d+(\.\d+)?|\d(\.\d{1,2})? × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


@pytest.mark.parametrize(
    ("value", "step", "label"),
    [
        (2.4854009688294386e51, 1e50, "2.49 × 10⁵¹"),
        (0.0000123, 0.000001, "1.23 × 10⁻⁵"),
        (0.661, 0.001, "0.661"),
        (0.6612, 0.0001, "0.6612"),  # neighbours 0.0001 apart stay distinct
        (-1.5, 0.5, "−1.5"),
        (1e-5, 1e-5, "1 × 10⁻⁵"),
    ],
)
def test_chart_ticks_are_written_for_people(
    page: Page, value: float, step: float, label: str
) -> None:
    assert page.evaluate(TICK, [value, step]) == label


def test_sliders_show_percentages_and_figures(page: Page) -> None:
    expect(page.locator("#train-ratio-value")).to_have_text(re.compile(r"^\d{1,2}%$"))
    page.locator("#noise").fill("0.35")
    expect(page.locator("#noise-value")).to_have_text("0.35")


def test_the_backprop_trace_writes_three_significant_digits(page: Page) -> None:
    page.check("input[name=click-mode][value=trace]")
    page.eval_on_selector("#plot", "e => e.scrollIntoView({block: 'center'})")
    box = page.locator("#plot").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.6)
    page.wait_for_selector("#trace table")
    cells = page.locator("#trace td").all_inner_texts()
    figures = [c for cell in cells for c in re.split(r"[\s,\[\]]+", cell) if c and c[0] != "h"]
    figures = [f for f in figures if f not in ("output",)]
    assert figures
    for figure in figures:
        assert FIGURE.fullmatch(figure), figure
        digits = re.sub(r"\D", "", figure.split("×")[0].lstrip("0.−-"))
        assert len(digits.lstrip("0")) <= 3, figure
