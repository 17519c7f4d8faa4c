"""The training coach on the page: each diagnosis the server sends is said in the learner's words
with the idea behind it, its one button applies the fix through the page's own controls, the view
its evidence points at is marked, and it goes when the frames stop carrying it. Progress is
counted in frames and steps, never in seconds."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

# Default tanh network on circles vs crosses at learning rate 3: the loss swings (seed 0).
OSCILLATING = "#seed=0&lr=3"
# A linear regression net (no hidden layer) on the plane at learning rate 30: blows up at once.
EXPLODING = "#dataset=plane&output=regression&loss=mse&layers=&lr=30"
# The lesson "vanishing gradients": eight sigmoid layers of 8 on the circle.
VANISHING = "#dataset=circle&n=300&noise=0.05&layers=8,8,8,8,8,8,8,8&act=sigmoid"
# One ReLU layer of 16 with biases at -3: most units output 0 for every point.
DEAD = "#dataset=circle&n=300&noise=0.05&layers=16&act=relu&binit=constant&bscale=-3"


def open_run(page: Page, server_url: str, fragment: str) -> None:
    page.goto("about:blank")  # a new hash alone would not reload the page
    page.goto(f"{server_url}/{fragment}")
    page.wait_for_function(
        "document.body.dataset.ready === 'true' && window.playground.latest?.train_loss != null"
    )


def item(page: Page, code: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#coach-list li[data-code='{code}']")


def frames_now(page: Page) -> int:
    seen: int = page.evaluate("window.playground.framesSeen")
    return seen


def play_frames(page: Page, count: int) -> None:
    """Play (if paused) until `count` more frames arrived, or training stopped with an error."""
    start = frames_now(page)
    if not page.evaluate("window.playground.playing"):
        page.click("#play")
    page.wait_for_function(
        f"window.playground.framesSeen >= {start + count}"
        " || window.playground.latest?.status === 'diverged'",
        timeout=120_000,
    )


def pause(page: Page) -> None:
    if page.evaluate("window.playground.playing"):
        page.click("#play")
    page.wait_for_function("window.playground.playing === false")


def fixed_rate(page: Page, code: str) -> float:
    """The learning rate the fix of the shown diagnosis `code` sets (as the newest frame has it)."""
    rate: float = page.evaluate(
        f"window.playground.latest.diagnoses.find((d) => d.code === '{code}')"
        ".fix.patch.training.learning_rate"
    )
    return rate


def latest_codes(page: Page) -> list[str]:
    codes: list[str] = page.evaluate(
        "(window.playground.latest?.diagnoses ?? []).map((d) => d.code)"
    )
    return codes


def test_a_healthy_run_says_so_in_one_quiet_line(page: Page) -> None:
    expect(page.locator("#coach-quiet")).to_have_text("Nothing looks wrong with this run.")
    expect(page.locator("#coach-list li")).to_have_count(0)


def test_oscillating_shows_its_words_and_its_fix_lowers_the_learning_rate(
    page: Page, server_url: str
) -> None:
    open_run(page, server_url, OSCILLATING)
    page.click("#play")
    osc = item(page, "oscillating")
    expect(osc).to_be_visible(timeout=120_000)
    expect(page.locator("#coach-quiet")).to_be_hidden()
    text = osc.locator(".coach-text").inner_text()
    assert text.startswith("Learning rate too high: the loss jumps around.")
    assert "overshoots the valley" in text
    assert re.search(r"between [\d.]+ and [\d.]+", text), text
    # Paused with the item still shown (a frame may drop it while the page pauses: play on).
    for _ in range(5):
        pause(page)
        if osc.count():
            break
        page.click("#play")
        expect(osc).to_be_visible(timeout=120_000)
    rate = fixed_rate(page, "oscillating")
    assert rate < 3
    expect(osc.locator(".coach-fix")).to_have_text(f"Try learning rate {rate:g}")
    osc.locator(".coach-fix").click()
    page.wait_for_function(f"window.playground.config.training.learning_rate === {rate}")
    expect(page.locator("#learning-rate")).to_have_value(f"{rate:g}")
    expect(osc).to_have_count(0)
    # Training on at the lower rate, the frames never bring it back.
    for _ in range(15):
        play_frames(page, 2)
        assert "oscillating" not in latest_codes(page)
    expect(osc).to_have_count(0)


def test_a_dismissed_diagnosis_stays_hidden_while_it_holds(page: Page, server_url: str) -> None:
    open_run(page, server_url, VANISHING)
    page.click("#play")
    vanishing = item(page, "vanishing_gradients")
    expect(vanishing).to_be_visible(timeout=120_000)
    vanishing.locator(".coach-dismiss").click()
    expect(vanishing).to_have_count(0)
    expect(page.locator(".learning figure[data-coach-mark]")).to_have_count(0)
    play_frames(page, 5)
    assert "vanishing_gradients" in latest_codes(page)
    expect(vanishing).to_have_count(0)


def test_vanishing_gradients_marks_the_gradient_chart_and_its_fix_resets_with_relu(
    page: Page, server_url: str
) -> None:
    open_run(page, server_url, VANISHING)
    figure = page.locator(".learning figure").filter(has=page.locator("#gradient-chart"))
    expect(figure).not_to_have_attribute("data-coach-mark", re.compile(".*"))
    page.click("#play")
    vanishing = item(page, "vanishing_gradients")
    expect(vanishing).to_be_visible(timeout=120_000)
    expect(figure).to_have_attribute("data-coach-mark", "Vanishing gradients")
    expect(vanishing.locator(".coach-note")).to_have_text("It starts again with new weights.")
    pause(page)
    vanishing.locator(".coach-fix").click()
    page.wait_for_function("window.playground.config.network.activation === 'relu'")
    expect(page.locator("#activation")).to_have_value("relu")
    expect(page.locator("#kernel-init")).to_have_value("he_uniform")
    page.wait_for_function("window.playground.latest?.step === 0")
    expect(vanishing).to_have_count(0)
    expect(figure).not_to_have_attribute("data-coach-mark", re.compile(".*"))


def test_dead_units_mark_their_layer_and_its_dead_neurons(page: Page, server_url: str) -> None:
    open_run(page, server_url, DEAD)
    page.click("#play")
    dead = item(page, "dead_units")
    expect(dead).to_be_visible(timeout=120_000)
    pause(page)
    assert dead.locator(".coach-text").inner_text().startswith("Dead ReLUs in layer 1.")
    column = page.locator("#network .column.hidden").first
    expect(column).to_have_attribute("data-coach-mark", re.compile(r"^\d+(\.\d+)?% dead$"))
    assert column.locator(".node.neuron.coach-dead").count() >= 1
    # Exactly the units the evidence names (dead on every training point) are marked.
    units = page.evaluate(
        "window.playground.latest.diagnoses.find((d) => d.code === 'dead_units').evidence.units"
    )
    marked = column.locator(".node.neuron").evaluate_all(
        "(nodes) => nodes.flatMap((n, j) => n.classList.contains('coach-dead') ? [j] : [])"
    )
    assert marked == units and len(units) >= 8
    # The lesson link opens the lesson that shows the effect, through the Lessons panel.
    dead.locator(".coach-lesson").click()
    expect(page.locator("#lesson")).to_be_visible()
    page.wait_for_function("window.playground.store.get('lesson') === 'vanishing-gradients'")


def test_an_exploding_run_shows_the_error_banner_and_its_fix_brings_the_loss_down(
    page: Page, server_url: str
) -> None:
    open_run(page, server_url, EXPLODING)
    start = page.evaluate("window.playground.latest.train_loss")
    page.click("#play")
    banner = page.locator("#banner")
    expect(banner).to_be_visible(timeout=120_000)
    page.wait_for_function("window.playground.latest?.status === 'diverged'")
    title = page.locator("#banner-title").inner_text()
    assert title.startswith("Training stopped at step ") and "blowing up" in title
    text = page.locator("#banner-text").inner_text()
    assert "overshoots the valley" in text
    assert "goes back to the last weights that were still fine" in text
    expect(page.locator("#coach-list li")).to_have_count(0)  # errors show in the banner only
    # ... and the panel never says all is well beside a stopped run.
    expect(page.locator("#coach-quiet")).to_have_text(
        "Training stopped: the numbers grew too large. Lower the learning rate, or press Reset."
    )
    # One click rolls back and sets a rate the run's own growth says is stable.
    page.click("#banner-fix")
    page.wait_for_function("window.playground.config.training.learning_rate < 30")
    page.wait_for_function("window.playground.latest?.status === 'idle'")
    expect(banner).to_be_hidden()
    expect(page.locator("#learning-rate")).to_have_value(
        str(page.evaluate("window.playground.config.training.learning_rate"))
    )
    play_frames(page, 10)
    pause(page)
    expect(banner).to_be_hidden()
    latest = page.evaluate("window.playground.latest")
    assert latest["status"] == "idle"
    assert latest["train_loss"] < start
    expect(page.locator("#coach-quiet")).to_have_text("Nothing looks wrong with this run.")


def test_the_coach_speaks_chinese_in_chinese(page: Page, server_url: str) -> None:
    open_run(page, server_url, OSCILLATING + "&lang=zh-CN")
    expect(page.locator("#coach-title")).to_have_text("训练助手")
    page.click("#play")
    osc = item(page, "oscillating")
    expect(osc).to_be_visible(timeout=120_000)
    words = osc.inner_text()
    assert "学习率太大" in words and "代价" in words
    assert "coach." not in words and "oscillating" not in words
    assert not re.search(r"[A-Za-z]{3,}", words), words  # no English word, key or code
    # The frames move on while the item shows, so its rate is read from the button itself.
    fix = osc.locator(".coach-fix").inner_text()
    offered = re.fullmatch(r"试试学习率 ([\d.e-]+)", fix)
    assert offered is not None and 0 < float(offered.group(1)) < 3, fix
    expect(osc.locator(".coach-lesson")).to_have_text("查看相关课程")
    expect(osc.locator(".coach-dismiss")).to_have_attribute("aria-label", "隐藏这条建议")


def test_the_coach_fits_a_phone(phone: Page, server_url: str) -> None:
    open_run(phone, server_url, DEAD)
    phone.click("#play")
    expect(item(phone, "dead_units")).to_be_visible(timeout=120_000)
    width = phone.evaluate("document.documentElement.clientWidth")
    box = phone.locator("#coach").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    overflow = phone.evaluate(
        "[...document.querySelectorAll('#coach, #coach *')]"
        ".filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".map((e) => e.className || e.tagName)"
    )
    assert overflow == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
