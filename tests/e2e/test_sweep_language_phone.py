"""The Sweep panel in Chinese and on a phone: its words come from the zh-CN catalogue, a sweep's
results read in Chinese, and on a 390 px screen the page never scrolls sideways (the table scrolls
inside its own box)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.sweep_steps import fill_sweep, run_sweep

pytestmark = pytest.mark.e2e

ZH = json.loads(
    (Path(__file__).parents[2] / "static" / "i18n" / "zh-CN.json").read_text(encoding="utf-8")
)
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def to_chinese(page: Page) -> None:
    page.evaluate("window.playground.store.set({lang: 'zh-CN'})")
    page.wait_for_function("document.documentElement.lang === 'zh-CN'")


def test_the_panel_speaks_chinese(page: Page) -> None:
    to_chinese(page)
    expect(page.locator("#sweep-title")).to_have_text(ZH["sweep.title"])
    expect(page.locator("#sweep-run")).to_have_text(ZH["sweep.run"])
    labels = page.eval_on_selector_all("#sweep-path-1 option", "os => os.map((o) => o.text)")
    assert ZH["field.training.learning_rate"] in labels
    metrics = page.eval_on_selector_all("#sweep-metric option", "os => os.map((o) => o.text)")
    assert ZH["sweep.metric.val_loss"] in metrics


def test_a_sweep_reads_in_chinese(page: Page) -> None:
    to_chinese(page)
    fill_sweep(page, ("network.activation", "tanh, relu"), epochs=2)
    run_sweep(page)
    expect(page.locator("#sweep-status")).to_contain_text(ZH["sweep.status.done"])
    head = page.locator("#sweep-results thead th")
    expect(head.nth(1)).to_have_text(ZH["sweep.metric.val_loss"])
    expect(page.locator("#sweep-results tbody th").first).to_have_text("tanh")
    expect(page.locator("#sweep-results caption")).to_contain_text("验证集代价")


def test_a_bad_value_is_explained_in_chinese(page: Page) -> None:
    to_chinese(page)
    fill_sweep(page, ("training.learning_rate", "0.1, 快"))
    page.click("#sweep-run")
    expect(page.locator("#sweep-hint")).to_contain_text("不是大于等于 0 的数")


def test_on_a_phone_a_big_table_never_widens_the_page(phone: Page) -> None:
    fill_sweep(
        phone,
        ("training.learning_rate", "0.003, 0.01, 0.03, 0.1, 0.3"),
        ("training.alpha", "0, 0.001, 0.01, 0.1"),
        epochs=1,
    )
    run_sweep(phone)
    expect(phone.locator("#sweep-results button.sweep-cell")).to_have_count(20)
    assert phone.evaluate(OVERFLOW) <= 0
    scroll = phone.eval_on_selector("#sweep-results", "e => e.scrollWidth > e.clientWidth")
    assert scroll  # the table is wider than the screen and scrolls in its own box


def test_on_a_phone_the_form_fits_the_screen(phone: Page) -> None:
    to_chinese(phone)
    phone.locator("#sweep").scroll_into_view_if_needed()
    assert phone.evaluate(OVERFLOW) <= 0
    right = phone.eval_on_selector(".sweep-form", "e => e.getBoundingClientRect().right")
    viewport = phone.viewport_size
    assert viewport is not None
    assert right <= viewport["width"]
