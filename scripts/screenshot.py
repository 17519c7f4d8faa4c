"""Save docs/screenshot.png: the playground after training on circles and crosses (for the README).

Usage: python scripts/screenshot.py [output.png]. Starts its own server on a free port and drives
Debian's Chromium (/usr/bin/chromium) headless with Playwright.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Two hidden layers on the course's circles-and-crosses figure, with the test points shown.
HASH = "#dataset=circles_crosses&layers=6%2C3&act=tanh&lr=0.03&test=1"
STEPS = 1500


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1):
                return process, url
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the server did not start")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png"
    process, url = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(f"{url}/{HASH}")
            page.wait_for_function("document.body.dataset.ready === 'true'")
            page.click("#play")
            page.wait_for_function(
                f"(window.playground.latest?.step ?? 0) >= {STEPS}", timeout=60_000
            )
            page.click("#play")
            page.wait_for_function("window.playground.playing === false")
            box = page.locator("#plot").bounding_box()
            if box:
                page.keyboard.down("Alt")
                page.mouse.click(box["x"] + box["width"] * 0.62, box["y"] + box["height"] * 0.4)
                page.keyboard.up("Alt")
                page.wait_for_selector("table.trace")
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            page.screenshot(path=str(out), full_page=True)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
