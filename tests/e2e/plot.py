"""Where the output plot is on the screen, for tests that click on it."""

from __future__ import annotations

from playwright.sync_api import FloatRect, Page


def plot_box(page: Page, selector: str = "#plot") -> FloatRect:
    """The plot's box in viewport pixels, scrolled to the middle of the window first (a click
    outside the window, or under the sticky top bar, would miss it)."""
    plot = page.locator(selector)
    plot.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = plot.bounding_box()
    assert box is not None, "the plot is not on the page"
    return box
