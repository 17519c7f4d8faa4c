"""First class, the learner's own points: Clear leaves nothing hidden to train on, placed points
train unless marked as test points, every split is drawn in its own style, links stay short."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.actions import get_json, server_points
from tests.e2e.conftest import open_playground
from tests.e2e.plot import plot_box

pytestmark = pytest.mark.e2e

NEED_POINTS = "Add at least two points, one of them a training point, before training."


def click_plot(page: Page, fx: float, fy: float) -> None:
    box = plot_box(page)
    page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


def place(page: Page, spots: list[tuple[float, float]]) -> None:
    """Click each spot of the plot (fractions of its size), waiting for each point to land."""
    start = page.evaluate("window.playground.custom?.length ?? 0")
    for i, (fx, fy) in enumerate(spots):
        click_plot(page, fx, fy)
        page.wait_for_function(f"window.playground.custom?.length === {start + i + 1}")
    # The page's split sets hold every point once the server has them (or, too few, the page).
    page.wait_for_function(
        "window.playground.allPoints().length === window.playground.custom.length"
    )


def clear(page: Page) -> None:
    page.click("#clear-points")
    page.wait_for_function("window.playground.custom?.length === 0")


def pixel_at(page: Page, x1: float, x2: float) -> list[int]:
    """RGBA of the points overlay at data point (x1, x2)."""
    pixel: list[int] = page.evaluate(
        """([x1, x2]) => {
            const c = document.getElementById('points');
            const px = Math.round(((x1 + 6) / 12) * c.width);
            const py = Math.round(((6 - x2) / 12) * c.height);
            return Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data);
        }""",
        [x1, x2],
    )
    return pixel


def is_whitish(rgba: list[int]) -> bool:
    return rgba[3] > 150 and min(rgba[:3]) > 200


# ----------------------------------------------------------------------------- trap 1: Clear


def test_after_clear_one_point_cannot_train_on_hidden_data(page: Page, server_url: str) -> None:
    page.click("#step")
    page.wait_for_function("window.playground.latest?.step >= 1")
    clear(page)
    expect(page.locator("#test-loss")).to_have_text("–")
    expect(page.locator("#test-accuracy")).to_have_text("–")
    place(page, [(0.3, 0.3)])
    page.click("#play")
    expect(page.locator("#toast")).to_have_text(NEED_POINTS)
    page.click("#step")
    session = page.evaluate("window.playground.session")
    summary = get_json(f"{server_url}/api/sessions/{session}")
    assert summary["playing"] is False
    assert summary["metrics"]["step"] == 0
    expect(page.locator("#step-count")).to_have_text("0000")
    expect(page.locator("#test-loss")).to_have_text("–")


def test_after_clear_the_run_trains_on_exactly_the_points_shown(
    page: Page, server_url: str
) -> None:
    clear(page)
    page.locator(".class-button").nth(0).click()
    place(page, [(0.2, 0.3), (0.3, 0.7)])
    page.locator(".class-button").nth(1).click()
    place(page, [(0.8, 0.3), (0.7, 0.8)])
    shown = page.evaluate("window.playground.custom")
    points = server_points(page, server_url)
    assert points["val"] == points["test"] == {"X": [], "y": []}
    trained = zip(points["train"]["X"], points["train"]["y"], strict=True)
    assert sorted([*x, y] for x, y in trained) == sorted(shown)
    page.click("#play")
    page.wait_for_function("(window.playground.latest?.step ?? 0) >= 20")
    page.click("#play")
    page.wait_for_function("window.playground.playing === false")
    session = page.evaluate("window.playground.session")
    metrics = get_json(f"{server_url}/api/sessions/{session}")["metrics"]
    assert metrics["train_loss"] is not None and metrics["test_loss"] is None
    expect(page.locator("#test-loss")).to_have_text("–")


# ----------------------------------------------------------------------------- trap 2: splits


def test_ten_clicked_points_are_ten_training_points_all_drawn(page: Page, server_url: str) -> None:
    clear(page)
    spots = [(0.1 + 0.08 * i, 0.2 + 0.06 * i) for i in range(10)]
    for j, spot in enumerate(spots):
        page.locator(".class-button").nth(j % 2).click()
        place(page, [spot])
    points = server_points(page, server_url)
    assert [len(points[name]["y"]) for name in ("train", "val", "test")] == [10, 0, 0]
    page.wait_for_function("window.playground.points?.train?.X?.length === 10")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    for x1, x2, _ in page.evaluate("window.playground.custom"):
        assert pixel_at(page, x1, x2)[3] > 150, (x1, x2)


def test_a_point_added_as_test_point_is_drawn_hollow(page: Page, server_url: str) -> None:
    clear(page)
    page.locator(".class-button").nth(1).click()
    place(page, [(0.25, 0.25), (0.3, 0.7)])
    page.check("#new-point-test")
    place(page, [(0.75, 0.75)])
    custom = page.evaluate("window.playground.custom")
    assert [p[3] if len(p) == 4 else "train" for p in custom] == ["train", "train", "test"]
    points = server_points(page, server_url)
    assert [len(points[name]["y"]) for name in ("train", "val", "test")] == [2, 0, 1]
    expect(page.locator("#show-test")).to_be_checked()
    page.wait_for_function("window.playground.points?.test?.X?.length === 1")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    train_cross, test_cross = custom[0], custom[2]
    assert not is_whitish(pixel_at(page, train_cross[0], train_cross[1]))
    assert is_whitish(pixel_at(page, test_cross[0], test_cross[1]))


def test_csv_rows_are_training_points_unless_a_split_column_says_otherwise(page: Page) -> None:
    rows = [f"{-4 + i},{(-1) ** i * 2},{i % 2}" for i in range(8)]
    text = "x1,x2,label,split\n" + "\n".join(rows) + "\n-3,-4,0,val\n3,4,1,test\n"
    page.set_input_files(
        "#csv", files=[{"name": "points.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.wait_for_function("window.playground.custom?.length === 10")
    page.wait_for_function("window.playground.points?.train?.X?.length === 8")
    drawn = page.evaluate("window.playground.points")
    assert drawn["val"]["X"] == [[-3, -4]] and drawn["test"]["X"] == [[3, 4]]
    expect(page.locator("#show-test")).to_be_checked()
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert not is_whitish(pixel_at(page, -4, 2))  # a training circle: filled orange
    assert is_whitish(pixel_at(page, -3, -4))  # the validation circle: outlined only


def test_the_data_panel_says_which_style_is_which_split(page: Page) -> None:
    legend = page.locator("#split-legend")
    expect(legend).to_contain_text("training")
    expect(legend).to_contain_text("test")
    expect(legend).to_contain_text("validation")
    assert legend.locator("canvas").count() == 3


def test_a_click_on_a_generated_dataset_keeps_the_link_short(
    page: Page, server_url: str, browser: Any
) -> None:
    n = page.evaluate("window.playground.config.data.n_samples")
    before = server_points(page, server_url)
    click_plot(page, 0.5, 0.5)
    page.wait_for_function(f"window.playground.custom?.length === {n + 1}")
    page.wait_for_function(f"window.playground.allPoints().length === {n + 1}")
    assert len(page.url) < 1000, len(page.url)
    assert page.evaluate("window.playground.store.get('added').length") == 1
    after = server_points(page, server_url)
    assert after["val"] == before["val"] and after["test"] == before["test"]
    assert len(after["train"]["X"]) == len(before["train"]["X"]) + 1
    context = browser.new_context()
    other = context.new_page()
    open_playground(other, page.url)
    other.wait_for_function(f"window.playground.custom?.length === {n + 1}")
    assert server_points(other, server_url) == after
    context.close()
