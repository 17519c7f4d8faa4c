"""A real server in a subprocess and Debian's Chromium driven by Playwright, for the e2e tests.

The server sends its Content-Security-Policy as in production; every browser context records each
violation, and a test fails if any was reported while it ran."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    ViewportSize,
    sync_playwright,
)

from tests.live import CHROMIUM, VIEWPORT, ServerProcess, launch_chromium

# Runs in every document before its own scripts; reports each violation to the test process.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.documentURI}`
  );
}, true);
"""


# `x => ...`, `(a, b) => ...`, `function ...`, `async ...`: Playwright evaluates these once.
_FUNCTION_TEXT = re.compile(r"^\s*(?:async\b|function\b|[\w$]+\s*=>|\([^()]*\)\s*=>)")


def as_function_text(expression: str) -> str:
    """`expression` as the text of an arrow function (unchanged if it already is a function)."""
    return expression if _FUNCTION_TEXT.match(expression) else f"() => ({expression})"


def evaluate_predicates_once(page: Page) -> None:
    """Make `page.wait_for_function` work under the CSP. Playwright evaluates a plain-expression
    predicate with `eval` on every poll, which `script-src 'self'` forbids (only the first
    evaluation, made through the debugger protocol, is exempt); a function predicate is evaluated
    once and then only called, so plain expressions are turned into arrow functions."""
    if getattr(page, "_predicates_once", False):
        return
    original = page.wait_for_function

    def wait_for_function(expression: str, **kwargs: Any) -> Any:
        return original(as_function_text(expression), **kwargs)

    page.wait_for_function = wait_for_function  # type: ignore[method-assign]
    page._predicates_once = True  # type: ignore[attr-defined]


class CspViolations:
    """Violations reported by any context of the session's browser during the current test."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        """Record the `securitypolicyviolation` events and console reports of `context`."""
        context.expose_function("__reportCspViolation", self._record)
        context.add_init_script(_REPORT_VIOLATIONS)
        context.on("console", self._from_console)
        context.on("page", evaluate_predicates_once)
        make_page = context.new_page

        def new_page() -> Page:
            page = make_page()
            evaluate_predicates_once(page)
            return page

        context.new_page = new_page  # type: ignore[method-assign]

    def _record(self, report: str) -> None:
        self.seen.append(report)

    def _from_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self._record(message.text)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `uvicorn app.main:app` on a free port; stop it when the session ends."""
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    with log_path.open("wb") as log, ServerProcess(output=log) as server:
        yield server.url


@pytest.fixture(scope="session")
def session_csp_violations() -> CspViolations:
    return CspViolations()


@pytest.fixture(scope="session")
def browser(session_csp_violations: CspViolations) -> Iterator[Browser]:
    """One headless Chromium for the whole run (never downloaded: Debian's package); every context
    it makes records CSP violations."""
    if not Path(CHROMIUM).exists():
        _without_chromium()
    with sync_playwright() as p, launch_chromium(p) as instance:
        make_context = instance.new_context

        def new_watched_context(**kwargs: Any) -> BrowserContext:
            context = make_context(**kwargs)
            session_csp_violations.watch(context)
            return context

        instance.new_context = new_watched_context  # type: ignore[method-assign]
        yield instance


@pytest.fixture(autouse=True)
def csp_violations(session_csp_violations: CspViolations) -> Iterator[CspViolations]:
    """Fail the test if the page broke its Content-Security-Policy while it ran."""
    session_csp_violations.seen.clear()
    yield session_csp_violations
    assert not session_csp_violations.seen, f"CSP violations: {session_csp_violations.seen}"


PHONE: ViewportSize = {"width": 390, "height": 844}


def _watched_tab(browser: Browser, server_url: str, **context: Any) -> Iterator[Page]:
    """A fresh tab in a new context with the playground loaded; fails if the page raised."""
    tab_context = browser.new_context(**context)
    tab = tab_context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    open_playground(tab, server_url)
    yield tab
    tab_context.close()
    assert not errors, f"the page raised: {errors}"


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    """A fresh tab at laptop size with the playground loaded and its first frame painted."""
    yield from _watched_tab(browser, server_url, viewport=VIEWPORT)


@pytest.fixture
def phone(browser: Browser, server_url: str) -> Iterator[Page]:
    """The playground in a phone-sized touch context (390 x 844)."""
    yield from _watched_tab(browser, server_url, viewport=PHONE, has_touch=True, is_mobile=True)


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
