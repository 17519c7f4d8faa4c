"""A real server in a subprocess and Debian's Chromium driven by Playwright, for the e2e tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.live import CHROMIUM, VIEWPORT, ServerProcess, launch_chromium


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `uvicorn app.main:app` on a free port; stop it when the session ends."""
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    with log_path.open("wb") as log, ServerProcess(output=log) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run (never downloaded: Debian's package)."""
    if not Path(CHROMIUM).exists():
        _without_chromium()
    with sync_playwright() as p, launch_chromium(p) as instance:
        yield instance


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    """A fresh tab at laptop size with the playground loaded and its first frame painted."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    open_playground(tab, server_url)
    yield tab
    context.close()
    assert not errors, f"the page raised: {errors}"


def open_playground(tab: Page, url: str) -> None:
    """Go to `url` and wait until the page has a session and has painted a frame."""
    tab.goto(url)
    wait_until_painted(tab)


def wait_until_painted(tab: Page) -> None:
    """Wait for the ready flag and a painted heatmap."""
    tab.wait_for_function(
        "document.body.dataset.ready === 'true' && window.playground.latest !== null"
        " && document.getElementById('heatmap').width > 1"
    )


# -- Without Chromium: skip these tests with one line saying how to get them (a failure in CI). --

BROWSER_REQUIRED = os.environ.get("NN_PLAYGROUND_REQUIRE_BROWSER") == "1"
BROWSER_HINT = (
    "browser tests skipped: install Debian's chromium (apt-get install chromium) to run them"
)
collect_ignore_glob = [] if BROWSER_REQUIRED or Path(CHROMIUM).exists() else ["test_*.py"]


def _without_chromium() -> None:
    """Skip the test asking for a browser, or fail it where the browser tests must run."""
    if BROWSER_REQUIRED:
        pytest.fail(f"{CHROMIUM} is missing and NN_PLAYGROUND_REQUIRE_BROWSER=1")
    pytest.skip(BROWSER_HINT)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say once, at the end, that the browser tests did not run and how to get them."""
    if collect_ignore_glob:
        terminalreporter.write_line(BROWSER_HINT)
