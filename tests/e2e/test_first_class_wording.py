"""The first class: every message a learner reads is a sentence about the playground's controls,
never an HTTP verb, a dotted field path or a validator's phrase."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.actions import make_it_diverge

pytestmark = pytest.mark.e2e

DEVELOPER_WORDS = re.compile(
    r"POST|PATCH|PUT|DELETE|training\.|network\.|data\.|\.\.\.|Input should"
)


def settle(page: Page) -> None:
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def assert_plain(text: str) -> None:
    """A sentence about the controls: no HTTP verb, dotted field path or validator phrase."""
    assert text.strip(), "the message is empty"
    assert not DEVELOPER_WORDS.search(text), f"developer wording shown to a learner: {text!r}"


def diverge(page: Page) -> None:
    """Play a linear network at learning rate 100 until the run diverges."""
    make_it_diverge(page)
    page.wait_for_function("['diverged', 'exploding'].includes(window.playground.latest?.status)")
    page.wait_for_function("window.playground.playing === false")
    expect(page.locator("#play")).to_have_attribute("aria-label", "Play")


def test_a_batch_size_over_the_limit_says_the_limit_in_a_sentence(page: Page) -> None:
    page.fill("#batch-size", "5000")
    page.press("#batch-size", "Enter")
    expect(page.locator("#toast")).to_have_text("Batch size can be at most 2000.")
    expect(page.locator("#batch-size")).not_to_have_value("5000")


def test_a_diverged_run_explains_itself_in_words_about_the_controls(page: Page) -> None:
    diverge(page)
    title = page.locator("#banner-title").inner_text()
    text = page.locator("#banner-text").inner_text()
    assert title.startswith("Training stopped at step ")
    assert "blowing up" in title or "the loss became too large" in title
    assert "learning rate" in text
    assert "Use learning rate" in page.locator("#banner-fix").inner_text()
    assert_plain(title + " " + text + " " + page.locator("#banner-fix").inner_text())
    # Playing a diverged run is refused by the server; the page says what to do instead.
    page.click("#play")
    expect(page.locator("#toast")).to_be_visible()
    toast = page.locator("#toast").inner_text()
    assert_plain(toast)
    assert "Reset" in toast


def test_an_early_stop_explains_itself_in_words_about_the_controls(
    page: Page, server_url: str
) -> None:
    page.goto(f"{server_url}/#es=1&patience=2&mindelta=1")
    page.wait_for_function(
        "window.playground.config.training.early_stopping === true && window.playground.latest"
    )
    page.click("#play")
    expect(page.locator("#banner-title")).to_have_text("Stopped early.")
    text = page.locator("#banner-text").inner_text()
    assert_plain(text)
    assert "for 2 epochs" in text
    assert "Early stopping" in text


def test_toggling_a_feature_shows_no_data_toast_and_a_new_dataset_says_so_in_a_sentence(
    page: Page,
) -> None:
    inputs = page.evaluate("window.playground.config.features.inputs.length")
    page.locator(".network .node.input[aria-pressed='false']").first.click()
    page.wait_for_function(f"window.playground.config.features.inputs.length === {inputs + 1}")
    settle(page)
    expect(page.locator("#toast")).to_be_hidden()
    assert page.evaluate("window.playground.config.data.dataset") != "xor"
    page.click(".dataset[data-name='xor']")
    page.wait_for_function("window.playground.config.data.dataset === 'xor'")
    expect(page.locator("#toast")).to_be_visible()
    toast = page.locator("#toast").inner_text()
    assert re.fullmatch(r"[A-Z][^.]*\.", toast), toast
    assert_plain(toast)


def test_server_errors_become_sentences_about_the_controls(page: Page) -> None:
    said = page.evaluate(
        """async () => {
            const { ApiError } = await import('/static/js/api.js');
            const { explain } = await import('/static/js/learner.js');
            const item = (loc, type, ctx) => ({loc, msg: 'Input should be...', type, ctx});
            return [
                new ApiError(422, [item(['body', 'training', 'learning_rate'], 'greater_than',
                                        {gt: 0})], 'validation_error'),
                new ApiError(422, [item(['body', 'network', 'hidden_layer_sizes', 2],
                                        'less_than_equal', {le: 16})], 'validation_error'),
                new ApiError(422, [item(['body'], 'value_error')], 'validation_error'),
                new ApiError(409, 'cannot play: ... (POST .../reset)', 'conflict'),
                new ApiError(503, 'the server already holds ...', 'too_many_sessions'),
                new TypeError('Failed to fetch'),
            ].map(explain);
        }"""
    )
    assert said[:2] == [
        "Learning rate must be more than 0.",
        "Neurons per layer can be at most 16.",
    ]
    for sentence in said:
        assert_plain(sentence)
        assert re.fullmatch(r"[A-Z].*\.", sentence), sentence
