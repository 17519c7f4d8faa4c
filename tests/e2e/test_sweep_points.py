"""The Sweep panel on the learner's own points and across a reload, against the real server: a
sweep of a live run on drawn or uploaded points trains on them (and says so), an opened cell
holds them; after a reload the table (or the progress) of the tab's sweep is back, and a sweep
the server no longer has is forgotten quietly."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.actions import get_json, server_points
from tests.e2e.conftest import wait_until_painted
from tests.e2e.plot import plot_box
from tests.e2e.sweep_steps import fill_sweep, read_sweep, run_sweep, wait_status

pytestmark = pytest.mark.e2e

OWN_LINE = "This sweep trains on your own points."
KEPT = "sessionStorage.getItem('nn-playground.sweep')"
FIGURES = """() => [...document.querySelectorAll('#sweep-results button.sweep-cell')]
  .map((b) => [Number(b.dataset.index), b.querySelector('.sweep-figure').textContent])"""
CSV = (
    "x1,x2,label,split\n"
    + "".join(f"{-4 + i},{(-1) ** i * 2},{i % 2}\n" for i in range(8))
    + "-3,-4,0,val\n3,4,1,test\n"
)


def _upload(page: Page) -> None:
    page.set_input_files(
        "#csv", files=[{"name": "own.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.wait_for_function("window.playground.custom?.length === 10")
    page.wait_for_function("window.playground.points?.train?.X?.length === 8")


def _draw(page: Page) -> None:
    page.click("#clear-points")
    page.wait_for_function("window.playground.custom?.length === 0")
    box = plot_box(page)
    spots = [(0.2, 0.3), (0.3, 0.7), (0.7, 0.3), (0.8, 0.75), (0.45, 0.5), (0.6, 0.6)]
    for i, (fx, fy) in enumerate(spots):
        page.locator(".class-button").nth(i % 2).click()
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        page.wait_for_function(f"window.playground.custom?.length === {i + 1}")
    page.wait_for_function("window.playground.points?.train?.X?.length === 6")


def _rows(points: dict[str, Any]) -> list[list[Any]]:
    return sorted(
        [*x, label, split]
        for split, part in points.items()
        for x, label in zip(part["X"], part["y"], strict=True)
    )


@pytest.mark.parametrize("give_points", [_upload, _draw], ids=["uploaded", "drawn"])
def test_a_sweep_of_a_run_on_own_points_trains_on_them_and_a_cell_keeps_them(
    page: Page, server_url: str, give_points: Any
) -> None:
    give_points(page)
    own = _rows(server_points(page, server_url))
    fill_sweep(page, ("training.learning_rate", "0.03, 0.3"), epochs=3)
    sweep = run_sweep(page)
    expect(page.locator("#sweep-own")).to_have_text(OWN_LINE)
    expect(page.locator("#sweep-own")).to_be_visible()
    assert read_sweep(server_url, sweep)["status"] == "done"
    before = page.evaluate("window.playground.session")
    page.click("#sweep-results button.sweep-cell[data-index='1']")
    page.wait_for_function("(old) => window.playground.session !== old", arg=before)
    assert _rows(server_points(page, server_url)) == own
    page.wait_for_function("(n) => window.playground.custom?.length === n", arg=len(own))


def test_a_sweep_of_a_generated_dataset_sends_no_points(page: Page, server_url: str) -> None:
    fill_sweep(page, ("training.learning_rate", "0.03, 0.3"), epochs=1)
    sweep = run_sweep(page)
    assert read_sweep(server_url, sweep)["status"] == "done"
    expect(page.locator("#sweep-own")).to_be_hidden()


def test_after_a_reload_the_sweep_table_is_back_with_the_same_figures(
    page: Page, server_url: str
) -> None:
    _upload(page)
    fill_sweep(page, ("training.learning_rate", "0.03, 0.3"), ("training.alpha", "0, 0.01"))
    sweep = run_sweep(page)
    shown = page.evaluate(FIGURES)
    assert len(shown) == 4
    assert sweep not in page.url
    page.reload()
    wait_until_painted(page)
    wait_status(page, ("done",))
    assert page.get_attribute("#sweep", "data-sweep") == sweep
    page.wait_for_function("document.querySelectorAll('#sweep-results button.sweep-cell').length")
    assert page.evaluate(FIGURES) == shown
    expect(page.locator("#sweep-own")).to_be_visible()
    assert sweep not in page.url


def test_after_a_reload_a_running_sweep_shows_its_progress_again(
    page: Page, server_url: str
) -> None:
    fill_sweep(page, ("training.learning_rate", "0.001, 0.01, 0.1, 1"), seeds=10, epochs=400)
    page.click("#sweep-run")
    wait_status(page, ("running",))
    sweep = page.get_attribute("#sweep", "data-sweep")
    page.reload()
    wait_until_painted(page)
    wait_status(page, ("running", "queued"))
    assert page.get_attribute("#sweep", "data-sweep") == sweep
    expect(page.locator("#sweep-progress")).to_be_visible()
    expect(page.locator("#sweep-cancel")).to_be_enabled()
    page.click("#sweep-cancel")
    wait_status(page, ("cancelled",), timeout=10_000)
    assert get_json(f"{server_url}/api/sweeps/{sweep}")["status"] == "cancelled"


def test_a_sweep_the_server_no_longer_has_is_forgotten_quietly(page: Page) -> None:
    page.evaluate("sessionStorage.setItem('nn-playground.sweep', JSON.stringify({id: 'gone'}))")
    page.reload()
    wait_until_painted(page)
    page.wait_for_function(f"{KEPT} === null")
    assert page.get_attribute("#sweep", "data-status") == "idle"
    expect(page.locator("#sweep-hint")).to_be_hidden()
    expect(page.locator("#sweep-progress")).to_be_hidden()
