"""The calm "not being saved" line: shown while the server's database cannot be written (its
/health says degraded), in the page's language, and gone once a healthy server answers again."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import open_playground
from tests.live import VIEWPORT, ServerProcess

pytestmark = pytest.mark.timeout(180)

LINES = {
    "en": "Runs are not being saved right now; your work stays while this page is open.",
    "zh-CN": "训练暂时无法保存；只要这个页面开着，你的进度就不会丢失。",
}


def broken_db(tmp_path: Path) -> Path:
    """A database path under a regular file: no directory can be made there, even by root."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database's directory should be\n")
    return blocker / "playground.db"


def test_a_healthy_server_shows_no_line(browser: Browser, server_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    open_playground(tab, server_url)
    tab.wait_for_load_state("networkidle")
    expect(tab.locator("#saved-notice")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("lang", sorted(LINES))
def test_the_line_shows_while_the_disk_fails_and_goes_when_a_healthy_server_answers(
    browser: Browser, tmp_path: Path, lang: str
) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    db = broken_db(tmp_path)
    with ServerProcess({"NN_PLAYGROUND_DB": str(db)}, cli=True) as broken:
        port = broken.port
        open_playground(tab, f"{broken.url}/#lang={lang}")
        expect(tab.locator("#saved-notice")).to_have_text(LINES[lang])
        expect(tab.locator("#saved-notice")).to_be_visible()

    # The same address answers again, now with a database it can write: the stream comes back,
    # the page asks /health again and the line goes.
    healthy = ServerProcess({"NN_PLAYGROUND_DB": str(tmp_path / "playground.db")}, cli=True)
    healthy.port = port
    with healthy:
        tab.wait_for_function("window.playground.latest !== null && window.playground.session")
        expect(tab.locator("#saved-notice")).to_be_hidden(timeout=60_000)
    context.close()
