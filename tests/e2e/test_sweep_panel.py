"""The Sweep panel against the real server: a small 2 x 2 sweep runs to the end with its progress
bar full and a table of 4 cells (thumbnail, mean ± spread, the best marked); a cell opens as the
live run; Cancel stops a larger sweep; the top cells go to the Compare view; a lesson runs its
sweep; every setting of the menu makes a sweep the server runs."""

from __future__ import annotations

import math
import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.actions import get_json
from tests.e2e.sweep_steps import fill_sweep, read_sweep, run_sweep, wait_status

pytestmark = pytest.mark.e2e

SMALL = {"first": ("training.learning_rate", "0.03, 0.3"), "second": ("training.alpha", "0, 0.01")}

CELLS = """() => [...document.querySelectorAll('#sweep-results button.sweep-cell')].map((b) => ({
  index: Number(b.dataset.index),
  thumbnail: b.dataset.thumbnail === 'true',
  figure: b.querySelector('.sweep-figure').textContent,
  best: b.classList.contains('best'),
}))"""


SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def shown_number(text: str) -> float:
    """A number as the page writes it ("0.693", "1.2 × 10⁻⁵")."""
    mantissa, _, exponent = text.partition(" × 10")
    return float(mantissa) * 10 ** int(exponent.translate(SUPERSCRIPT) or 0)


def test_a_small_sweep_runs_and_shows_four_cells(page: Page, server_url: str) -> None:
    fill_sweep(page, **SMALL, seeds=2, epochs=3)
    sweep = run_sweep(page)
    assert page.get_attribute("#sweep", "data-status") == "done"
    done, most = page.eval_on_selector("#sweep-progress", "p => [p.value, p.max]")
    assert done == most == 8  # 4 cells x 2 seeds
    cells = page.evaluate(CELLS)
    assert len(cells) == 4
    assert all(cell["thumbnail"] for cell in cells)
    assert all(" ± " in cell["figure"] for cell in cells)
    result = read_sweep(server_url, sweep)
    assert [cell["index"] for cell in cells if cell["best"]] == [result["best"]]
    rows = page.locator("#sweep-results tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#sweep-results thead th")).to_have_count(3)


def test_the_table_shows_each_cells_mean_and_spread(page: Page, server_url: str) -> None:
    fill_sweep(page, **SMALL, seeds=2, epochs=3)
    result = read_sweep(server_url, run_sweep(page))
    shown = {cell["index"]: cell["figure"] for cell in page.evaluate(CELLS)}
    for cell in result["cells"]:
        mean, spread = (shown_number(part) for part in shown[cell["index"]].split(" ± "))
        assert math.isclose(mean, cell["val_loss"]["mean"], rel_tol=0.01)
        assert math.isclose(spread, cell["val_loss"]["std"], rel_tol=0.01, abs_tol=0.001)


def test_clicking_a_cell_makes_it_the_live_run(page: Page, server_url: str) -> None:
    fill_sweep(page, **SMALL, seeds=2, epochs=3)
    result = read_sweep(server_url, run_sweep(page))
    before = page.evaluate("window.playground.session")
    cell = result["cells"][result["best"]]
    page.click(f"#sweep-results button.sweep-cell[data-index='{cell['index']}']")
    page.wait_for_function(
        "(old) => window.playground.session !== old && window.playground.latest !== null"
        " && window.playground.latest.step > 0",
        arg=before,
    )
    config = page.evaluate("window.playground.config")
    assert config["training"]["learning_rate"] == cell["params"]["training.learning_rate"]
    assert config["training"]["alpha"] == cell["params"]["training.alpha"]
    run = next(r for r in cell["runs"] if r["seed"] == config["random_state"])
    latest = page.evaluate("window.playground.latest")
    assert latest["step"] == run["final"]["step"]
    assert math.isclose(latest["train_loss"], run["final"]["train_loss"], rel_tol=1e-9)
    assert page.evaluate("window.playground.history.step.length") > 1  # its curve came with it


def test_cancel_stops_a_larger_sweep(page: Page, server_url: str) -> None:
    fill_sweep(
        page,
        ("training.learning_rate", "0.001, 0.003, 0.01, 0.03, 0.1, 0.3"),
        ("training.batch_size", "1, 2, 5"),
        seeds=5,
        epochs=300,
    )
    page.click("#sweep-run")
    wait_status(page, ("running",))
    expect(page.locator("#sweep-cancel")).to_be_enabled()
    page.click("#sweep-cancel")
    wait_status(page, ("cancelled",), timeout=10_000)
    result = read_sweep(server_url, page.get_attribute("#sweep", "data-sweep") or "")
    assert result["status"] == "cancelled"
    assert result["done"] < result["total"] == 6 * 3 * 5
    expect(page.locator("#sweep-run")).to_be_enabled()


def test_compare_top_cells_opens_sessions_for_the_compare_view(page: Page, server_url: str) -> None:
    listen = "(p) => { window.__compare = p; }"
    page.evaluate(f"() => {{ window.playground.store.on('compare:open', {listen}); }}")
    fill_sweep(page, ("training.learning_rate", "0.01, 0.03, 0.1, 0.3, 1"), epochs=2)
    result = read_sweep(server_url, run_sweep(page))
    page.click("#sweep-compare")
    page.wait_for_function("window.__compare !== undefined")
    sessions = page.evaluate("window.__compare.sessions")
    assert len(sessions) == 4
    for opened, index in zip(sessions, result["ranking"][:4], strict=True):
        session = get_json(f"{server_url}/api/sessions/{opened['id']}")
        rate = result["cells"][index]["params"]["training.learning_rate"]
        assert session["config"]["training"]["learning_rate"] == rate
        assert opened["label"]


def test_a_bad_value_is_explained_and_starts_nothing(page: Page) -> None:
    fill_sweep(page, ("training.batch_size", "10, ten"))
    page.click("#sweep-run")
    expect(page.locator("#sweep-hint")).to_contain_text("“ten”")
    assert page.get_attribute("#sweep", "data-status") == "idle"


def test_varying_lambda_without_a_regulariser_uses_l2(page: Page, server_url: str) -> None:
    assert page.evaluate("window.playground.config.training.regularization") == "none"
    fill_sweep(page, ("training.alpha", "0, 0.1"), epochs=1)
    result = read_sweep(server_url, run_sweep(page))
    assert result["status"] == "done"
    expect(page.locator("#sweep-hint")).to_be_visible()
    session = page.evaluate("window.playground.session")
    page.click("#sweep-results button.sweep-cell[data-index='1']")
    page.wait_for_function("(old) => window.playground.session !== old", arg=session)
    assert page.evaluate("window.playground.config.training.regularization") == "l2"


@pytest.mark.parametrize(
    "path",
    [
        "training.learning_rate",
        "training.alpha",
        "training.batch_size",
        "network.hidden_layer_sizes",
        "network.activation",
        "network.kernel_initializer",
    ],
)
def test_every_setting_offers_values_the_server_sweeps(
    page: Page, server_url: str, path: str
) -> None:
    page.select_option("#sweep-path-1", path)
    offered = page.input_value("#sweep-values-1")
    assert offered
    fill_sweep(page, (path, offered), epochs=1)
    result = read_sweep(server_url, run_sweep(page))
    assert result["status"] == "done"
    assert result["params"] == [path]
    count = len(offered.split(","))
    assert len(result["cells"]) == count
    expect(page.locator("#sweep-results button.sweep-cell")).to_have_count(count)


def test_a_lessons_sweep_runs_from_the_lesson(page: Page, server_url: str) -> None:
    lesson = next(
        item for item in get_json(f"{server_url}/api/lessons") if item["id"] == "rate-then-lambda"
    )
    page.click("#lessons-menu summary")
    page.click(f".lesson-item[data-id='{lesson['id']}']")
    page.click("#lesson-presets .lesson-sweep")
    wait_status(page, ("queued", "running", "done"))
    sweep = page.get_attribute("#sweep", "data-sweep") or ""
    result = read_sweep(server_url, sweep)
    assert result["values"] == lesson["sweep"]["grid"]
    assert result["total"] == 5 * 4 * lesson["sweep"]["seeds"]
    assert page.input_value("#sweep-path-2") == "training.alpha"
    page.click("#sweep-cancel")
    wait_status(page, ("cancelled", "done"), timeout=10_000)


def test_a_lessons_sweep_cancels_the_sweep_still_running(page: Page, server_url: str) -> None:
    fill_sweep(page, ("training.learning_rate", "0.001, 0.01, 0.1"), seeds=5, epochs=2000)
    page.click("#sweep-run")
    wait_status(page, ("running",))
    first = page.get_attribute("#sweep", "data-sweep") or ""
    page.click("#lessons-menu summary")
    page.click(".lesson-item[data-id='seed-spread']")
    page.click("#lesson-presets .lesson-sweep")
    page.wait_for_function(
        "(first) => !['', first].includes(document.getElementById('sweep').dataset.sweep)",
        arg=first,
    )
    deadline = time.monotonic() + 10
    while read_sweep(server_url, first)["status"] != "cancelled":
        assert time.monotonic() < deadline, "the first sweep was not cancelled"
        page.wait_for_timeout(100)
    page.click("#sweep-cancel")
    wait_status(page, ("cancelled", "done"), timeout=10_000)


def test_cells_cut_by_halving_are_greyed_and_say_when(page: Page, server_url: str) -> None:
    fill_sweep(page, ("training.learning_rate", "0.0001, 0.001, 0.03, 0.3"), epochs=4)
    page.fill("#sweep-halving", "2")
    result = read_sweep(server_url, run_sweep(page))
    cut = {cell["index"]: cell["cut_at"] for cell in result["cells"] if cell["cut_at"] is not None}
    assert cut  # the worse half stopped after 2 epochs
    for index, when in cut.items():
        button = page.locator(f"#sweep-results button.sweep-cell[data-index='{index}']")
        expect(button).to_have_class(re.compile(r"\bcut\b"))
        expect(button.locator(".sweep-note")).to_have_text(f"cut after {when} epochs")
    kept = [cell["index"] for cell in result["cells"] if cell["cut_at"] is None]
    assert kept
    for index in kept:
        button = page.locator(f"#sweep-results button.sweep-cell[data-index='{index}']")
        expect(button).not_to_have_class(re.compile(r"\bcut\b"))
