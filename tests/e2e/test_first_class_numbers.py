"""The first class: every figure is written for people (three significant digits, 2.49 × 10⁵¹),
and a huge loss never breaks the metrics line."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page

from tests.e2e.actions import get_json

pytestmark = pytest.mark.e2e


def settle(page: Page) -> None:
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_a_huge_loss_is_written_as_a_power_of_ten_and_keeps_the_metrics_line(
    page: Page, server_url: str
) -> None:
    metrics = page.locator(".metrics")
    height_before = metrics.evaluate("e => e.getBoundingClientRect().height")
    # A linear regression whose weights are 10¹² times too large (an imported run: training
    # itself stops long before, the coach's guard catches weights a thousand times too large).
    page.goto(f"{server_url}/#dataset=plane&output=regression&loss=mse&layers=&n=100")
    page.wait_for_function(
        "window.playground.config.network.output === 'regression' && window.playground.latest"
    )
    session = page.evaluate("window.playground.session")
    document = get_json(f"{server_url}/api/sessions/{session}/export")
    document["params"] = [w * 1e12 for w in document["params"]]
    page.set_input_files(
        "#import-file",
        files=[
            {
                "name": "huge.json",
                "mimeType": "application/json",
                "buffer": json.dumps(document).encode(),
            }
        ],
    )
    page.wait_for_function("(window.playground.latest?.train_loss ?? 0) > 1e20")
    settle(page)
    shown = page.locator("#train-loss").inner_text()
    assert re.fullmatch(r"\d(\.\d{1,2})? × 10[⁰¹²³⁴⁵⁶⁷⁸⁹]+", shown), shown
    box = metrics.evaluate(
        """e => ({height: e.getBoundingClientRect().height, fits: e.scrollWidth <= e.clientWidth,
                  inside: [...e.querySelectorAll('output')].every(o =>
                    o.getBoundingClientRect().right <= e.getBoundingClientRect().right + 0.5)})"""
    )
    assert box["fits"] and box["inside"]
    assert box["height"] == pytest.approx(height_before, abs=1)


def test_format_writes_numbers_for_people(page: Page) -> None:
    cases = [
        (2.4854009688294386e51, "2.49 × 10⁵¹"),
        (0.69314718, "0.693"),
        (12.345, "12.3"),
        (0.5, "0.5"),
        (0, "0"),
        (-3.14159, "-3.14"),
        (0.0000123, "1.23 × 10⁻⁵"),
        (999999.7, "1 × 10⁶"),
        (123456, "123000"),
        (0.001, "0.001"),
        (1e-300, "1 × 10⁻³⁰⁰"),
    ]
    shown = page.evaluate(
        """async (values) => {
            const f = await import('/static/js/format.js');
            return values.map((v) => f.formatNumber(v));
        }""",
        [v for v, _ in cases],
    )
    assert shown == [text for _, text in cases]
    extras = page.evaluate(
        """async () => {
            const f = await import('/static/js/format.js');
            return [f.formatNumber(Infinity), f.formatNumber(NaN), f.formatPercent(0.8734),
                    f.formatLimit(2000), f.formatLimit(0.001)];
        }"""
    )
    assert extras == ["∞", "–", "87.3%", "2000", "0.001"]
