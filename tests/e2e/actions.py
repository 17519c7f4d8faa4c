"""What several browser tests do to the page or ask the server, written once."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from playwright.sync_api import Page, expect


def get_json(url: str) -> Any:
    """The JSON answer of a GET to the test server."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def server_points(page: Page, server_url: str) -> dict[str, Any]:
    """The split sets the server trains on (GET /api/sessions/{id}/points)."""
    session = page.evaluate("window.playground.session")
    points: dict[str, Any] = get_json(f"{server_url}/api/sessions/{session}/points")
    return points


def make_it_diverge(page: Page) -> None:
    """Play a linear network at learning rate 100 until the diverged banner shows."""
    page.select_option("#activation", "linear")
    page.wait_for_function("window.playground.config.network.activation === 'linear'")
    page.fill("#learning-rate", "100")
    page.press("#learning-rate", "Enter")
    page.wait_for_function("window.playground.config.training.learning_rate === 100")
    page.click("#play")
    expect(page.locator("#banner")).to_be_visible()
