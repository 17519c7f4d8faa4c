"""The API reference renders with the network cut: every file it needs comes from this server."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.live import VIEWPORT

pytestmark = pytest.mark.e2e


@pytest.fixture
def offline_tab(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A tab that can reach only 127.0.0.1; yields it and the URLs it was refused."""
    context = browser.new_context(viewport=VIEWPORT)
    refused: list[str] = []

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_loopback)
    yield context.new_page(), refused
    context.close()


def test_swagger_ui_lists_the_operations_offline(
    offline_tab: tuple[Page, list[str]], server_url: str
) -> None:
    tab, refused = offline_tab
    tab.goto(f"{server_url}/docs")
    expect(tab.locator(".opblock").first).to_be_visible(timeout=30_000)
    expect(tab.locator(".opblock-summary-path", has_text="/api/sessions").first).to_be_visible()
    assert refused == []
