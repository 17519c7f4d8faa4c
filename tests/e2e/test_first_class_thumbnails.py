"""The dataset thumbnails come from one cacheable request: a page load starts no throwaway
sessions for its pictures."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Request

from tests.e2e.conftest import open_playground
from tests.live import VIEWPORT

pytestmark = pytest.mark.e2e

# A thumbnail is drawn when its background is painted (opaque) and some point differs from it.
EVERY_THUMBNAIL_DRAWN = """() => {
  const canvases = [...document.querySelectorAll('.dataset canvas')];
  const drawn = (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    if (d[3] !== 255) return false;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 2] !== d[2]) return true;
    return false;
  };
  return canvases.length > 0 && canvases.every(drawn);
}"""


def test_a_page_load_creates_only_its_own_session(browser: Browser, server_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    calls: list[str] = []

    def record(request: Request) -> None:
        path = request.url.removeprefix(server_url).split("?")[0]
        if path.startswith("/api/"):
            calls.append(f"{request.method} {path}")

    page.on("request", record)
    try:
        open_playground(page, server_url)
        page.wait_for_function(EVERY_THUMBNAIL_DRAWN)
        created = [c for c in calls if c == "POST /api/sessions"]
        deleted = [c for c in calls if c.startswith("DELETE ")]
        samples = [c for c in calls if c == "GET /api/datasets/samples"]
        assert (len(created), len(deleted), len(samples)) == (1, 0, 1), calls
    finally:
        context.close()
