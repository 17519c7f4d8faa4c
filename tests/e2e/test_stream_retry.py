"""The page's stream under pressure, against real servers: a refused stream is retried slowly with a
calm notice, and a restarted server is reconnected to (the lost run started again)."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from tests.live import VIEWPORT, ServerProcess

pytestmark = pytest.mark.e2e

WINDOW_S = 5.0
MOST_ATTEMPTS_IN_WINDOW = 6  # one per second at the very most, and the backoff makes it fewer


def post_json(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def delete(url: str) -> None:
    with urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=10):
        pass


@contextmanager
def slot_taken(base: str) -> Iterator[str]:
    """Another client watching its own session's stream (taking the server's only stream slot)
    until the block ends; yields that session's URL. Deleting the session ends its stream."""
    session = f"{base}/api/sessions/{post_json(f'{base}/api/sessions', {})['id']}"
    response = urllib.request.urlopen(f"{session}/stream", timeout=30)
    assert response.readline().startswith(b"event: frame")  # the slot is taken from here on
    reader = threading.Thread(target=lambda: response.read(), daemon=True)
    reader.start()
    try:
        yield session
    finally:
        delete(session)
        reader.join(timeout=10)
        response.close()


def stream_requests(page: Page) -> list[float]:
    """The times (monotonic s) at which the page asks for a stream, appended as they happen."""
    times: list[float] = []

    def seen(request: Request) -> None:
        if "/stream" in request.url:
            times.append(time.monotonic())

    page.on("request", seen)
    return times


def test_a_refused_stream_is_retried_slowly_with_a_calm_notice(browser: Browser) -> None:
    with ServerProcess(env={"NN_PLAYGROUND_MAX_STREAMS": "1"}) as server:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        try:
            times = stream_requests(page)
            with slot_taken(server.url):
                page.goto(server.url)
                page.wait_for_function("document.body.dataset.ready === 'true'")
                start = time.monotonic()
                page.wait_for_timeout(WINDOW_S * 1000)
                attempts = [t for t in times if start <= t <= start + WINDOW_S]
                assert 1 <= len(attempts) <= MOST_ATTEMPTS_IN_WINDOW, len(attempts)
                notice = page.locator("#notice")
                expect(notice).to_contain_text("The server is busy; retrying in")
                expect(notice).to_have_class("notice")  # a status line, not the red error toast
                assert page.evaluate("window.playground.latest") is None
            # The slot is free again: the page connects at its next attempt and trains.
            page.wait_for_function("window.playground.latest !== null", timeout=45_000)
            expect(page.locator("#notice")).to_be_hidden()
            page.click("#play")
            page.wait_for_function("(window.playground.latest?.step ?? 0) > 0")
        finally:
            context.close()


def test_the_page_reconnects_to_a_restarted_server_and_starts_the_run_again(
    browser: Browser,
) -> None:
    first = ServerProcess(cli=True)  # the real command, which shuts down gracefully
    with first:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        try:
            page.goto(first.url)
            page.wait_for_function("window.playground.latest !== null")
            old = page.evaluate("window.playground.session")
            learning_rate = page.evaluate("window.playground.config.training.learning_rate") * 3
            page.fill("#learning-rate", str(learning_rate))
            page.press("#learning-rate", "Enter")
            page.wait_for_function(
                f"window.playground.config.training.learning_rate === {learning_rate}"
            )
            first.stop()
            expect(page.locator("#notice")).to_contain_text("reconnecting in")
            times = stream_requests(page)
            page.wait_for_timeout(3000)
            assert len(times) <= 3, times  # waits between attempts, not a tight loop
            second = ServerProcess(cli=True)
            second.port = first.port  # the same address, as after a restart
            with second:
                page.wait_for_function(
                    "(old) => window.playground.session !== old"
                    " && window.playground.latest !== null",
                    arg=old,
                    timeout=45_000,
                )
                expect(page.locator("#notice")).to_be_hidden()
                assert (
                    page.evaluate("window.playground.config.training.learning_rate")
                    == learning_rate
                )
        finally:
            context.close()


def test_a_server_shutting_down_is_announced_as_a_restart(browser: Browser) -> None:
    server = ServerProcess(cli=True)
    with server:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        try:
            page.goto(server.url)
            page.wait_for_function("window.playground.latest !== null")
            server.stop()  # SIGTERM: the stream ends with `event: end` {"reason": "shutdown"}
            notice = page.locator("#notice")
            expect(notice).to_contain_text("The server is restarting; reconnecting in")
            page.wait_for_timeout(2000)  # failed attempts meanwhile keep the reason
            expect(notice).to_contain_text("The server is restarting; reconnecting in")
        finally:
            context.close()


def test_a_deleted_session_is_started_again(page: Page, server_url: str) -> None:
    old = page.evaluate("window.playground.session")
    times = stream_requests(page)
    # Its stream ends with `event: end` {"reason": "deleted"}.
    delete(f"{server_url}/api/sessions/{old}")
    page.wait_for_function(
        "(old) => window.playground.session !== old && window.playground.latest !== null", arg=old
    )
    expect(page.locator("#toast")).to_contain_text("started again from its settings")
    assert len(times) <= 2, times  # the old session's stream is not asked for again and again
