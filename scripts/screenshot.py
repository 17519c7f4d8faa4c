"""Save docs/screenshot.png: the playground after training on circles and crosses (for the README).

Usage: python scripts/screenshot.py [output.png]. Starts its own server on a free port and drives
Debian's Chromium (/usr/bin/chromium) headless with Playwright.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.live

from tests.live import ROOT, VIEWPORT, ServerProcess, launch_chromium

# Two hidden layers on the course's circles-and-crosses figure, with the test points shown.
HASH = "#dataset=circles_crosses&layers=6%2C3&act=tanh&lr=0.03&test=1"
STEPS = 1500


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png"
    with ServerProcess() as server, sync_playwright() as p, launch_chromium(p) as browser:
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(f"{server.url}/{HASH}")
        page.wait_for_function("() => document.body.dataset.ready === 'true'")
        page.click("#play")
        trained = f"() => (window.playground.latest?.step ?? 0) >= {STEPS}"
        page.wait_for_function(trained, timeout=60_000)
        page.click("#play")
        page.wait_for_function("() => window.playground.playing === false")
        box = page.locator("#plot").bounding_box()
        if box:
            page.keyboard.down("Alt")
            page.mouse.click(box["x"] + box["width"] * 0.62, box["y"] + box["height"] * 0.4)
            page.keyboard.up("Alt")
            page.wait_for_selector("table.trace")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.screenshot(path=str(out), full_page=True)
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
