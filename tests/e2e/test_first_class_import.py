"""Import on the page: an exported run comes back through the file picker or by dropping the file
anywhere on the page, as if it had been built there; anything else gets a plain message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_playground
from tests.live import VIEWPORT

pytestmark = pytest.mark.e2e

NOT_AN_EXPORT = "This file is not an NN Playground export."


def train_and_export(page: Page, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """Pick moons, train a little, pause, download the export; the run as the page shows it."""
    page.click(".dataset[data-name='moons']")
    page.wait_for_function("window.playground.config.data.dataset === 'moons'")
    page.click("#play")
    page.wait_for_function("(window.playground.latest?.step ?? 0) >= 60")
    page.click("#play")
    page.wait_for_function("window.playground.playing === false")
    page.wait_for_timeout(300)  # the last frame after the pause
    shown = page.evaluate(
        "({step: window.playground.latest.step, loss: window.playground.latest.train_loss,"
        " counter: document.getElementById('step-count').textContent})"
    )
    with page.expect_download() as info:
        page.click("#export")
    path = tmp_path / "run.json"
    info.value.save_as(path)
    return path, shown


def fresh_page(browser: Browser, server_url: str) -> Page:
    page = browser.new_context(viewport=VIEWPORT).new_page()
    open_playground(page, server_url)
    return page


def imported(page: Page, step: int) -> None:
    page.wait_for_function(
        f"window.playground.latest?.step === {step}"
        " && window.playground.config.data.dataset === 'moons'"
    )


def test_an_exported_run_comes_back_through_the_import_picker(
    page: Page, browser: Browser, server_url: str, tmp_path: Path
) -> None:
    path, shown = train_and_export(page, tmp_path)
    exported = json.loads(path.read_text())
    other = fresh_page(browser, server_url)
    try:
        before = other.evaluate("window.playground.session")
        with other.expect_file_chooser() as chooser:
            other.click("#import")
        chooser.value.set_files(str(path))
        imported(other, shown["step"])
        expect(other.locator("#step-count")).to_have_text(shown["counter"])
        loss = other.evaluate("window.playground.latest.train_loss")
        assert loss == pytest.approx(shown["loss"], rel=1e-9)
        assert other.evaluate("window.playground.session") != before
        assert other.evaluate("window.playground.config") == exported["config"]
        assert other.evaluate("window.playground.history.step.length") > 1
        assert "dataset=moons" in other.url
        weights = other.evaluate("window.playground.latest.weights")
        assert weights is not None
    finally:
        other.context.close()


def test_a_file_that_is_not_an_export_gets_a_plain_message(page: Page) -> None:
    session = page.evaluate("window.playground.session")
    with page.expect_file_chooser() as chooser:
        page.click("#import")
    chooser.value.set_files(
        files=[{"name": "notes.json", "mimeType": "application/json", "buffer": b'{"a": 1}'}]
    )
    expect(page.locator("#toast")).to_have_text(NOT_AN_EXPORT)
    with page.expect_file_chooser() as chooser:
        page.click("#import")
    chooser.value.set_files(
        files=[{"name": "broken.json", "mimeType": "application/json", "buffer": b"{nope"}]
    )
    expect(page.locator("#toast")).to_have_text(NOT_AN_EXPORT)
    assert page.evaluate("window.playground.session") == session


def test_a_file_too_large_to_import_says_so(page: Page) -> None:
    big = b'{"format": "nn-playground-run", "pad": "' + b"x" * 1_100_000 + b'"}'
    with page.expect_file_chooser() as chooser:
        page.click("#import")
    chooser.value.set_files(
        files=[{"name": "huge.json", "mimeType": "application/json", "buffer": big}]
    )
    expect(page.locator("#toast")).to_contain_text("too large")


DROP = """([name, text]) => {
  const data = new DataTransfer();
  data.items.add(new File([text], name, {type: 'application/json'}));
  const target = document.querySelector('.panel.net');
  for (const type of ['dragenter', 'dragover', 'drop']) {
    const init = {bubbles: true, cancelable: true, dataTransfer: data};
    target.dispatchEvent(new DragEvent(type, init));
  }
}"""


def test_dropping_an_export_onto_the_page_imports_it(
    page: Page, browser: Browser, server_url: str, tmp_path: Path
) -> None:
    path, shown = train_and_export(page, tmp_path)
    other = fresh_page(browser, server_url)
    try:
        other.evaluate(DROP, ["run.json", path.read_text()])
        imported(other, shown["step"])
        expect(other.locator("#step-count")).to_have_text(shown["counter"])
        other.evaluate(DROP, ["notes.json", "[1, 2]"])
        expect(other.locator("#toast")).to_have_text(NOT_AN_EXPORT)
    finally:
        other.context.close()
