"""Save docs/screenshot.png: the playground after training on circles and crosses (for the README).

Usage: python scripts/screenshot.py [output.png] [--lang zh-CN]. Starts its own server on a free
port and drives Debian's Chromium (/usr/bin/chromium) headless with Playwright.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.live

from tests.live import ROOT, VIEWPORT, ServerProcess, launch_chromium

# Two hidden layers on the course's circles-and-crosses figure, with the test points shown.
HASH = "#dataset=circles_crosses&layers=6%2C3&act=tanh&lr=0.03&test=1"
STEPS = 1500


def main() -> int:
    parser = argparse.ArgumentParser(description="Save a screenshot of the trained playground.")
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--lang", default="en", choices=["en", "zh-CN"], help="the page's language")
    args = parser.parse_args()
    out: Path = args.out
    with ServerProcess() as server, sync_playwright() as p, launch_chromium(p) as browser:
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(f"{server.url}/{HASH}&lang={args.lang}")
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
