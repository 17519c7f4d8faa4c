"""The page runs under its Content-Security-Policy, and the violation check catches a breach."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import CspViolations

pytestmark = pytest.mark.e2e

INJECT_INLINE_SCRIPT = """() => new Promise((resolve) => {
  document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective),
                            { once: true });
  const script = document.createElement("script");
  script.textContent = "window.injected = true";
  document.body.append(script);
})"""


def test_the_page_is_served_with_its_policy(page: Page, server_url: str) -> None:
    response = page.request.get(server_url)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_an_injected_inline_script_is_blocked_and_reported(
    page: Page, csp_violations: CspViolations
) -> None:
    directive = page.evaluate(INJECT_INLINE_SCRIPT)
    assert directive.startswith("script-src")
    assert page.evaluate("window.injected") is None
    deadline = time.monotonic() + 10
    while len(csp_violations.seen) < 2:  # the event and the console report
        assert time.monotonic() < deadline, f"the recorder saw only {csp_violations.seen}"
        page.wait_for_timeout(50)
    assert any(seen.startswith("script-src-elem blocked inline") for seen in csp_violations.seen)
    assert any("Content Security Policy" in seen for seen in csp_violations.seen)
    csp_violations.seen.clear()  # caught as intended: not a failure of this test
