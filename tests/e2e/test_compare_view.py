"""The Compare view: runs side by side in lockstep on the live run's data, a boundary each and one
shared loss chart; closing it deletes the sessions it made and leaves the live run as it was."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.actions import get_json, server_points
from tests.e2e.conftest import open_playground
from tests.e2e.plot import plot_box
from tests.e2e.test_i18n_walk import english_words

READY = "document.getElementById('compare').dataset.state === 'ready'"
CLOSED = "document.getElementById('compare').dataset.state === 'closed'"


def status_of(url: str) -> int:
    """The HTTP status of a GET to the test server."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def post_json(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def compare_runs(page: Page) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = page.evaluate("window.playground.compareRuns()")
    return runs


def compare_with_a_change(page: Page, variant: str, value: str) -> None:
    """Open the Compare menu and pick `value` in the row of `variant`; wait for the runs."""
    page.click("#compare-menu summary")
    page.locator(f"#compare-variants li[data-variant='{variant}'] button", has_text=value).click()
    page.wait_for_function(READY)


def drawn_lines(page: Page) -> int:
    """How many series of the shared loss chart have a drawn line (two points or more)."""
    count: int = page.evaluate(
        """() => {
          const [, ys] = window.playground.view.compareChart.last;
          return ys.filter((y) => y.filter((v) => v !== null).length >= 2).length;
        }"""
    )
    return count


def test_sigmoid_vs_relu_plays_two_boundaries_in_lockstep_and_closing_deletes_them(
    page: Page, server_url: str
) -> None:
    page.select_option("#activation", "sigmoid")
    page.wait_for_function("window.playground.config.network.activation === 'sigmoid'")
    live = page.evaluate("window.playground.session")
    live_before = get_json(f"{server_url}/api/sessions/{live}")

    compare_with_a_change(page, "activation", "ReLU")
    cards = page.locator(".compare-run")
    expect(cards).to_have_count(2)
    expect(cards.nth(0).locator(".compare-label")).to_contain_text("sigmoid")
    expect(cards.nth(1).locator(".compare-label")).to_contain_text("ReLU")
    assert page.eval_on_selector_all(".compare-heatmap", "cs => cs.map((c) => c.width)") == [40, 40]
    expect(page.locator("#compare-legend li")).to_have_count(2)
    runs = compare_runs(page)
    assert [run["own"] for run in runs] == [True, True] and live not in [r["id"] for r in runs]
    for run in runs:  # the live run's data, and only the activation changed
        session = get_json(f"{server_url}/api/sessions/{run['id']}")
        assert get_json(f"{server_url}/api/sessions/{run['id']}/points") == server_points(
            page, server_url
        )
        assert session["config"]["data"] == live_before["config"]["data"]
    activations = [
        get_json(f"{server_url}/api/sessions/{r['id']}")["config"]["network"]["activation"]
        for r in runs
    ]
    assert activations == ["sigmoid", "relu"]

    page.click("#compare-play")
    page.wait_for_function(
        "window.playground.compareRuns().every((r) => r.step >= 20)", timeout=30_000
    )
    page.click("#compare-play")  # pause
    page.wait_for_function("document.getElementById('compare-play').ariaPressed === 'false'")
    page.wait_for_timeout(300)  # the tick in flight ends
    steps = {run["step"] for run in compare_runs(page)}
    assert len(steps) == 1, steps
    assert {card.get_attribute("data-step") for card in cards.all()} == {str(steps.pop())}
    assert drawn_lines(page) == 2

    page.click("#compare-close")
    page.wait_for_function(CLOSED)
    for run in runs:
        assert status_of(f"{server_url}/api/sessions/{run['id']}") == 404
    live_after = get_json(f"{server_url}/api/sessions/{live}")
    assert live_after["config"] == live_before["config"]
    assert live_after["metrics"]["step"] == live_before["metrics"]["step"]
    expect(page.locator("#compare")).to_be_hidden()


def test_step_and_reset_all_move_every_run_together(page: Page) -> None:
    compare_with_a_change(page, "batch", "All")  # live batch 10, then 1 and 100
    expect(page.locator(".compare-run")).to_have_count(3)
    page.select_option("#compare-speed", "5")
    for expected in (5, 10):
        page.click("#compare-step")
        page.wait_for_function(
            f"window.playground.compareRuns().every((r) => r.step === {expected})"
        )
    expect(page.locator("#compare-step-count")).to_contain_text("10")
    page.click("#compare-reset")
    page.wait_for_function("window.playground.compareRuns().every((r) => r.step === 0)")
    page.keyboard.press("Escape")  # closes the dialog like its ×
    page.wait_for_function(CLOSED)


@pytest.mark.parametrize(
    ("variant", "value", "runs"),
    [
        ("activation", "All", 3),
        ("loss", "quadratic", 2),
        ("batch", "100", 2),
        ("rate", "0.3", 2),
        ("init", "all equal", 2),
        ("l2", "L2", 2),
    ],
)
def test_every_variant_changes_one_setting_of_the_live_run(
    page: Page, server_url: str, variant: str, value: str, runs: int
) -> None:
    live = page.evaluate("window.playground.config")
    compare_with_a_change(page, variant, value)
    expect(page.locator(".compare-run")).to_have_count(runs)
    configs = [
        get_json(f"{server_url}/api/sessions/{r['id']}")["config"] for r in compare_runs(page)
    ]
    assert configs[0] == live
    for config in configs[1:]:
        changed = {
            section
            for section in ("data", "features", "network", "training", "random_state")
            if config[section] != live[section]
        }
        assert changed == {"training"} or changed == {"network"}, changed
    page.click("#compare-close")
    page.wait_for_function(CLOSED)


def test_the_learners_own_points_go_to_every_run(page: Page, server_url: str) -> None:
    start = page.evaluate("window.playground.allPoints().length")
    box = plot_box(page)
    page.mouse.click(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    page.wait_for_function(f"window.playground.allPoints().length === {start + 1}")
    live = server_points(page, server_url)
    assert sum(len(split["X"]) for split in live.values()) == start + 1
    compare_with_a_change(page, "loss", "quadratic")
    for run in compare_runs(page):
        assert get_json(f"{server_url}/api/sessions/{run['id']}/points") == live


def test_space_plays_the_comparison_not_the_live_run(page: Page) -> None:
    compare_with_a_change(page, "loss", "quadratic")
    page.click("#compare-title")
    page.keyboard.press("Space")
    page.wait_for_function("window.playground.compareRuns().every((r) => r.step >= 10)")
    assert page.evaluate("window.playground.playing") is False
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('compare-play').ariaPressed === 'false'")


def test_a_comparison_that_cannot_start_says_why_and_closes(page: Page) -> None:
    runs = [
        {"label": "fine", "config": {}},
        {"label": "bad", "config": {"training": {"learning_rate": -1}}},
    ]
    page.evaluate("(runs) => window.playground.store.emit('compare:new', {runs})", runs)
    page.wait_for_function("document.getElementById('compare').dataset.state === 'failed'")
    expect(page.locator("#compare-status")).to_contain_text("Learning rate")
    expect(page.locator(".compare-run")).to_have_count(0)
    expect(page.locator("#compare-play")).to_be_disabled()
    page.click("#compare-close")
    page.wait_for_function(CLOSED)


def test_a_lessons_compare_button_opens_its_runs(page: Page, server_url: str) -> None:
    page.click("#lessons-menu summary")
    page.click(".lesson-item[data-id='cost-slowdown']")
    expect(page.locator("#lesson")).to_be_visible()
    page.click(".lesson-compare")
    page.wait_for_function(READY)
    labels = page.locator(".compare-run .compare-label")
    expect(labels).to_have_text(["quadratic cost (MSE)", "cross-entropy"])
    losses = [
        get_json(f"{server_url}/api/sessions/{r['id']}")["config"]["network"]["loss"]
        for r in compare_runs(page)
    ]
    assert losses == ["mse", "cross_entropy"]


def test_the_compare_open_event_shows_existing_sessions_and_keeps_them(
    page: Page, server_url: str
) -> None:
    made = [post_json(f"{server_url}/api/sessions", {"random_state": seed}) for seed in (1, 2)]
    sessions = [{"id": s["id"], "label": f"cell {i}"} for i, s in enumerate(made)]
    page.evaluate(
        "(sessions) => window.playground.store.emit('compare:open', {sessions})", sessions
    )
    page.wait_for_function(READY)
    expect(page.locator(".compare-run .compare-label")).to_have_text(["cell 0", "cell 1"])
    assert [run["own"] for run in compare_runs(page)] == [False, False]
    page.click("#compare-close")
    page.wait_for_function(CLOSED)
    for session in made:
        assert status_of(f"{server_url}/api/sessions/{session['id']}") == 200


def test_the_view_speaks_chinese(page: Page, server_url: str) -> None:
    open_playground(page, f"{server_url}/#lang=zh-CN")
    page.wait_for_function("document.documentElement.lang === 'zh-CN'")
    compare_with_a_change(page, "activation", "ReLU")
    expect(page.locator("#compare-title")).to_have_text("对比运行")
    expect(page.locator(".compare-run .compare-label").first).to_have_text(
        "激活函数：tanh（当前运行）"
    )
    expect(page.locator("#compare-play")).to_have_text("播放")
    assert english_words(page.inner_text("#compare")) == []


def test_the_compare_menu_stays_on_a_phones_screen(phone: Page) -> None:
    phone.click("#compare-menu summary")
    menu = phone.locator("#compare-variants").bounding_box()
    assert menu is not None
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 390, menu


def test_the_view_fits_a_phone_without_sideways_scrolling(phone: Page) -> None:
    compare_with_a_change(phone, "activation", "All")
    expect(phone.locator(".compare-run")).to_have_count(3)
    widths = phone.evaluate(
        """() => ({
          page: document.documentElement.scrollWidth,
          view: window.innerWidth,
          dialog: document.getElementById('compare').scrollWidth,
          dialogBox: document.getElementById('compare').clientWidth,
          right: Math.max(...[...document.querySelectorAll('#compare *')]
            .map((e) => e.getBoundingClientRect().right)),
        })"""
    )
    assert widths["page"] <= widths["view"], widths
    assert widths["dialog"] <= widths["dialogBox"], widths
    assert widths["right"] <= widths["view"], widths
    # Small multiples: two boundaries share a row even on a phone.
    tops = phone.eval_on_selector_all(
        ".compare-run", "cs => cs.map((c) => c.getBoundingClientRect().top)"
    )
    assert tops[0] == tops[1], tops
