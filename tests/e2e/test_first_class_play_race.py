"""Play and a run that stops at once: however the answer to Play and the run's last frame cross,
the button ends on Play and the banner says why the run stopped."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.actions import make_it_diverge

pytestmark = pytest.mark.e2e


def test_a_run_that_diverges_at_once_leaves_the_button_on_play(page: Page) -> None:
    page.click(".dataset[data-name='plane']")
    page.wait_for_function("window.playground.config.network.output === 'regression'")
    make_it_diverge(page)
    page.wait_for_function("['diverged', 'exploding'].includes(window.playground.latest?.status)")
    expect(page.locator("#banner-title")).to_contain_text("Training stopped")
    expect(page.locator("#play")).to_have_attribute("aria-label", "Play")
    expect(page.locator("#play")).to_have_attribute("data-playing", "false")
    assert page.evaluate("window.playground.playing") is False


def test_an_answer_held_back_until_the_run_diverged_still_ends_on_play(page: Page) -> None:
    """The answer to Play reaches the page only after the frame saying the run diverged."""
    page.click(".dataset[data-name='plane']")
    page.wait_for_function("window.playground.config.network.output === 'regression'")
    page.select_option("#activation", "linear")
    page.wait_for_function("window.playground.config.network.activation === 'linear'")
    page.fill("#learning-rate", "100")
    page.press("#learning-rate", "Enter")
    page.wait_for_function("window.playground.config.training.learning_rate === 100")

    def hold_answer(route: Route) -> None:
        answer = route.fetch()
        page.wait_for_function(
            "['diverged', 'exploding'].includes(window.playground.latest?.status)"
        )
        route.fulfill(response=answer)

    page.route("**/play", hold_answer)
    page.click("#play")
    page.wait_for_function("['diverged', 'exploding'].includes(window.playground.latest?.status)")
    expect(page.locator("#banner")).to_be_visible()
    expect(page.locator("#play")).to_have_attribute("aria-label", "Play")
    assert page.evaluate("window.playground.playing") is False


PLAYING_AFTER = "(args) => import('/static/js/pace.js').then((m) => m.playingAfterPlay(...args))"


@pytest.mark.parametrize(
    ("answer", "frame", "playing"),
    [
        ({"playing": True, "metrics": {"step": 0, "status": "running"}}, None, True),
        # The run diverged within the step the answer saw: the frame has the same step.
        (
            {"playing": True, "metrics": {"step": 4, "status": "running"}},
            {"step": 4, "status": "diverged", "playing": False},
            False,
        ),
        (
            {"playing": True, "metrics": {"step": 0, "status": "running"}},
            {"step": 90, "status": "stopped_early", "playing": False},
            False,
        ),
        # An answer that already saw the run stop.
        ({"playing": True, "metrics": {"step": 3, "status": "diverged"}}, None, False),
        # A paused frame of an earlier change, as old as the answer, does not pause the run.
        (
            {"playing": True, "metrics": {"step": 7, "status": "running"}},
            {"step": 7, "status": "idle", "playing": False},
            True,
        ),
        (
            {"playing": True, "metrics": {"step": 7, "status": "running"}},
            {"step": 9, "status": "idle", "playing": True},
            True,
        ),
    ],
)
def test_the_newer_of_answer_and_frame_decides_whether_the_run_plays(
    page: Page, answer: dict[str, object], frame: dict[str, object] | None, playing: bool
) -> None:
    assert page.evaluate(PLAYING_AFTER, [answer, frame]) is playing
