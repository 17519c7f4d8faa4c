"""Share links on the page: "Copy link" freezes the trained network, and the copied address opens
it in another browser at the same step with the same boundary; "Copy settings link" still replays
the settings; a share that is gone leaves a calm sentence and a fresh run."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.actions import get_json
from tests.e2e.conftest import open_playground, wait_until_painted
from tests.live import VIEWPORT, ServerProcess

STEPS = 40
LINK = re.compile(r"http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]+")


@pytest.fixture
def other_browser(browser: Browser) -> Iterator[BrowserContext]:
    """A second person: a context of its own, sharing nothing with the first page's."""
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


def train(page: Page, steps: int) -> None:
    """Train `steps` with the API's step call, then wait for the frame showing them."""
    session = page.evaluate("window.playground.session")
    page.evaluate(
        "([id, steps]) => fetch(`/api/sessions/${id}/step`, {method: 'POST',"
        " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({steps})})",
        [session, steps],
    )
    page.wait_for_function(f"window.playground.latest?.step === {steps}")


def copy_share_link(page: Page) -> str:
    """Click "Copy link" and read the absolute share address the toast shows."""
    page.click("#copy-link")
    toast = page.locator("#toast")
    expect(toast).to_contain_text("/s/")
    found = LINK.search(toast.inner_text())
    assert found, toast.inner_text()
    return found.group(0)


def shown(page: Page) -> dict[str, object]:
    """What the page shows of its run: step counter, the frame's step and loss, the grid bytes."""
    return page.evaluate(
        "({counter: document.getElementById('step-count').textContent,"
        " step: window.playground.latest.step, loss: window.playground.latest.train_loss,"
        " grid: window.playground.latest.grid.data})"
    )


def test_a_copied_share_link_opens_the_same_trained_network_in_another_browser(
    page: Page, other_browser: BrowserContext, server_url: str
) -> None:
    train(page, STEPS)
    link = copy_share_link(page)
    before = shown(page)
    assert before["step"] == STEPS

    other = other_browser.new_page()
    open_playground(other, link)
    other.wait_for_function(f"window.playground.latest?.step === {STEPS}")
    after = shown(other)
    assert after == before
    # A fork of the other person's own, at the page's normal address.
    assert other.evaluate("window.playground.session") != page.evaluate("window.playground.session")
    assert other.evaluate("location.pathname") == "/"


def test_reloading_a_fork_keeps_it(page: Page, other_browser: BrowserContext) -> None:
    train(page, STEPS)
    link = copy_share_link(page)
    other = other_browser.new_page()
    open_playground(other, link)
    other.wait_for_function(f"window.playground.latest?.step === {STEPS}")
    other.evaluate(
        "fetch(`/api/sessions/${window.playground.session}/step`, {method: 'POST',"
        " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({steps: 5})})"
    )
    other.wait_for_function(f"window.playground.latest?.step === {STEPS + 5}")
    fork = other.evaluate("window.playground.session")

    other.reload()
    wait_until_painted(other)
    assert other.evaluate("window.playground.session") == fork
    assert other.evaluate("window.playground.latest.step") == STEPS + 5


def test_the_settings_link_still_replays_the_run_from_its_settings(
    page: Page, other_browser: BrowserContext
) -> None:
    page.fill("#learning-rate", "0.3")
    page.press("#learning-rate", "Enter")
    page.wait_for_function("window.playground.config.training.learning_rate === 0.3")
    train(page, STEPS)
    page.click("#copy-settings-link")
    toast = page.locator("#toast")
    expect(toast).to_contain_text("http://")
    link = re.search(r"http://\S+", toast.inner_text())
    assert link and "/s/" not in link.group(0)

    other = other_browser.new_page()
    open_playground(other, link.group(0))
    assert other.evaluate("window.playground.config.training.learning_rate") == 0.3
    assert other.evaluate("window.playground.latest.step") == 0


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [("en", "no longer available"), ("zh-CN", "已不存在")],
)
def test_a_missing_share_says_so_calmly_and_starts_a_fresh_run(
    other_browser: BrowserContext, server_url: str, lang: str, sentence: str
) -> None:
    tab = other_browser.new_page()
    open_playground(tab, f"{server_url}/s/no-such-share#lang={lang}")
    expect(tab.locator("#toast")).to_contain_text(sentence)
    assert tab.evaluate("window.playground.latest.step") == 0
    assert tab.evaluate("location.pathname") == "/"
    session = tab.evaluate("window.playground.session")
    assert get_json(f"{server_url}/api/sessions/{session}")["metrics"]["step"] == 0


def test_past_the_hourly_cap_the_toast_says_so_in_words(browser: Browser) -> None:
    with ServerProcess({"NN_PLAYGROUND_SHARES_PER_CLIENT_HOUR": "1"}) as server:
        context = browser.new_context(viewport=VIEWPORT)
        tab = context.new_page()
        open_playground(tab, server.url)
        copy_share_link(tab)
        tab.click("#copy-link")
        expect(tab.locator("#toast")).to_contain_text("many share links this hour")
        context.close()
