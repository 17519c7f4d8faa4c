"""My runs: the share links and kept runs this browser made, from its localStorage: listed with a
thumbnail, step and accuracy, renamed as plain text, reopened, deleted (the share too), capped."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import wait_until_painted

STEPS = 30
NAME = "<img src=x onerror=alert(1)> my best"


def train(page: Page, steps: int) -> None:
    """Train `steps` more through the API and wait for the frame showing them."""
    before = page.evaluate("window.playground.latest.step")
    page.evaluate(
        "([id, steps]) => fetch(`/api/sessions/${id}/step`, {method: 'POST',"
        " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({steps})})",
        [page.evaluate("window.playground.session"), steps],
    )
    page.wait_for_function(f"window.playground.latest?.step === {before + steps}")


def share(page: Page) -> None:
    page.click("#copy-link")
    expect(page.locator("#toast")).to_contain_text("/s/")


def open_my_runs(page: Page) -> None:
    page.click("#my-runs-open")
    expect(page.locator("#my-runs")).to_be_visible()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_a_share_is_listed_with_its_thumbnail_step_and_accuracy(page: Page) -> None:
    train(page, STEPS)
    share(page)
    open_my_runs(page)
    row = page.locator(".my-run[data-kind=share]")
    expect(row).to_have_count(1)
    expect(row.locator(".my-run-about")).to_contain_text(f"step {STEPS}")
    expect(row.locator(".my-run-about")).to_contain_text("accuracy")
    thumb = row.locator("img.my-run-thumb")
    assert thumb.get_attribute("src").startswith("data:image/png;base64,")
    size = thumb.evaluate("img => img.decode().then(() => [img.naturalWidth, img.naturalHeight])")
    assert 1 < size[0] <= 64 and 1 < size[1] <= 64


def test_reopen_forks_the_share_at_its_step(page: Page) -> None:
    train(page, STEPS)
    share(page)
    train(page, 10)
    mine = page.evaluate("window.playground.session")
    open_my_runs(page)
    page.click(".my-run[data-kind=share] .my-run-reopen")
    page.wait_for_function(f"window.playground.session !== {mine!r}")
    page.wait_for_function(f"window.playground.latest?.step === {STEPS}")
    expect(page.locator("#step-count")).to_have_text(f"{STEPS:04d}")


def test_delete_removes_the_entry_and_the_share(page: Page, server_url: str) -> None:
    train(page, 5)
    share(page)
    share_id = page.evaluate("JSON.parse(localStorage.getItem('nn-playground.my-runs'))[0].id")
    assert status_of(f"{server_url}/api/shared/{share_id}") == 200
    open_my_runs(page)
    page.click(".my-run[data-kind=share] .my-run-delete")
    expect(page.locator(".my-run")).to_have_count(0)
    expect(page.locator("#my-runs-empty")).to_be_visible()
    assert status_of(f"{server_url}/api/shared/{share_id}") == 404


def test_a_name_is_kept_as_plain_text(page: Page) -> None:
    share(page)
    open_my_runs(page)
    name = page.locator(".my-run .my-run-name")
    name.fill(NAME)
    name.dispatch_event("change")
    page.reload()
    wait_until_painted(page)
    open_my_runs(page)
    expect(page.locator(".my-run .my-run-name")).to_have_value(NAME)
    assert page.locator("#my-runs-list img").count() == 1  # the thumbnail only


def test_a_kept_run_comes_back_after_a_reload_and_reopens(page: Page) -> None:
    train(page, STEPS)
    kept = page.evaluate("window.playground.session")
    open_my_runs(page)
    page.click("#my-runs-keep")
    expect(page.locator(".my-run[data-kind=run]")).to_have_count(1)
    page.click("#my-runs-close")

    page.reload()
    wait_until_painted(page)
    assert page.evaluate("window.playground.session") == kept
    assert page.evaluate("window.playground.latest.step") == STEPS

    page.evaluate("location.hash = 'lang=en'")  # a new run of its own (a pasted link)...
    page.wait_for_function(f"window.playground.session !== {kept!r}")
    open_my_runs(page)
    page.click(".my-run[data-kind=run] .my-run-reopen")  # ...and back to the kept one
    page.wait_for_function(f"window.playground.session === {kept!r}")
    page.wait_for_function(f"window.playground.latest?.step === {STEPS}")


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_the_list_keeps_the_newest_fifty(page: Page, lang: str) -> None:
    page.evaluate(
        """async () => {
          const runs = await import("/static/js/saved-runs.js");
          for (let i = 0; i < 55; i++) {
            runs.rememberRun({kind: "share", id: `s${i}`, token: "t", name: `run ${i}`, step: i,
                              accuracy: 0.5, date: new Date().toISOString(), thumbnail: ""});
          }
        }"""
    )
    page.evaluate(f"location.hash = 'lang={lang}'")
    open_my_runs(page)
    rows = page.locator(".my-run")
    expect(rows).to_have_count(50)
    assert rows.first.get_attribute("data-id") == "s54"
    assert rows.last.get_attribute("data-id") == "s5"
