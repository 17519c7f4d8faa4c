"""The first class, as a teacher gives it: open the page, pick circles vs crosses, play and watch
the loss fall, add a hidden layer, clear and draw a dozen points and train on exactly those, switch
to a 3-class spiral without an error, export the run and import it back, change the speed, then the
essentials on a phone and by keyboard.

One story on one page (`test_a_teacher_gives_the_first_class`); the phone and the keyboard need a
context of their own. Progress is counted in frames and steps, never in seconds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.actions import get_json, server_points
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

# A dozen points: six of class 0 in the middle, six of class 1 around them (fractions of the plot).
INNER = [(0.45, 0.45), (0.55, 0.45), (0.45, 0.55), (0.55, 0.55), (0.5, 0.4), (0.5, 0.6)]
OUTER = [(0.15, 0.15), (0.85, 0.15), (0.15, 0.85), (0.85, 0.85), (0.5, 0.1), (0.5, 0.9)]


def server_pace(page: Page, server_url: str) -> int:
    """Steps per frame of the run as the server holds it."""
    session = page.evaluate("window.playground.session")
    steps: int = get_json(f"{server_url}/api/sessions/{session}")["steps_per_frame"]
    return steps


def assert_no_error_shown(page: Page) -> None:
    """No error toast and no banner: whatever the page said, it was information, not a refusal."""
    expect(page.locator("#banner")).to_be_hidden()
    toast = page.locator("#toast")
    if toast.is_visible():
        expect(toast).not_to_have_class("toast error")


def pause(page: Page) -> None:
    page.click("#play")
    page.wait_for_function("window.playground.playing === false")
    expect(page.locator("#play")).to_have_attribute("aria-label", "Play")


# ----------------------------------------------------------------------------- the script's steps


def pick_circles_vs_crosses(page: Page) -> None:
    thumb = page.locator(".dataset[data-name='circles_crosses']")
    thumb.click()
    page.wait_for_function("window.playground.config.data.dataset === 'circles_crosses'")
    expect(thumb).to_have_attribute("aria-checked", "true")
    expect(page.locator("#dataset-description")).not_to_be_empty()


def play_and_watch_the_loss_fall(page: Page) -> None:
    """Play; after 30 painted frames the training loss on the metrics line is below its first."""
    page.evaluate(
        """() => {
            const seen = window.__losses = [];
            window.playground.store.on("paint", ({frame}) => {
                if (frame?.playing && frame.train_loss !== null) seen.push(frame.train_loss);
            });
        }"""
    )
    page.click("#play")
    expect(page.locator("#play")).to_have_attribute("aria-label", "Pause")
    page.wait_for_function("window.__losses.length >= 30", timeout=60_000)
    losses = page.evaluate("window.__losses")
    shown = page.locator("#train-loss").inner_text()
    pause(page)
    assert losses[-1] < losses[0], f"the training loss went from {losses[0]} to {losses[-1]}"
    assert float(shown) < losses[0], f"the metrics line reads {shown!r}"


def add_a_hidden_layer(page: Page) -> None:
    layers = page.evaluate("window.playground.config.network.hidden_layer_sizes.length")
    page.click("#add-layer")
    page.wait_for_function(
        f"window.playground.config.network.hidden_layer_sizes.length === {layers + 1}"
    )
    expect(page.locator("#layer-count")).to_contain_text(str(layers + 1))
    assert_no_error_shown(page)


def click_plot(page: Page, fx: float, fy: float) -> None:
    """Click the plot at (fx, fy) of its size, scrolled to the middle of the screen as a person
    would (the sticky top bar may otherwise cover its top)."""
    page.eval_on_selector("#plot", "e => e.scrollIntoView({block: 'center'})")
    box = page.locator("#plot").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


def clear_and_draw_a_dozen_points(page: Page) -> list[list[float]]:
    """Clear, then click six class-0 and six class-1 points; the points as the page holds them."""
    page.click("#clear-points")
    page.wait_for_function("window.playground.custom?.length === 0")
    placed = 0
    for label, spots in enumerate((INNER, OUTER)):
        page.locator(".class-button").nth(label).click()
        for fx, fy in spots:
            click_plot(page, fx, fy)
            placed += 1
            page.wait_for_function(f"window.playground.custom?.length === {placed}")
    page.wait_for_function("window.playground.points?.train?.X?.length === 12")
    drawn: list[list[float]] = page.evaluate("window.playground.custom")
    assert sorted(p[2] for p in drawn) == [0] * 6 + [1] * 6
    return drawn


def train_on_exactly_those_points(page: Page, server_url: str, drawn: list[list[float]]) -> None:
    """The server holds the 12 points as training points, nothing else, before and after play."""

    def assert_trained_on_drawn() -> None:
        sets = server_points(page, server_url)
        assert sets["val"] == sets["test"] == {"X": [], "y": []}
        train = zip(sets["train"]["X"], sets["train"]["y"], strict=True)
        assert sorted([*x, y] for x, y in train) == sorted(p[:3] for p in drawn)

    assert_trained_on_drawn()
    start = page.evaluate("window.playground.latest?.step ?? 0")
    page.click("#play")
    page.wait_for_function(f"(window.playground.latest?.step ?? 0) >= {start + 30}")
    pause(page)
    assert_trained_on_drawn()
    assert page.evaluate("window.playground.latest.train_loss") is not None
    expect(page.locator("#train-loss")).not_to_have_text("–")
    expect(page.locator("#test-loss")).to_have_text("–")  # no test points were drawn


def switch_to_a_three_class_spiral(page: Page) -> None:
    page.click(".dataset[data-name='spiral']")
    page.wait_for_function(
        "window.playground.config.data.dataset === 'spiral' && window.playground.custom === null"
    )
    page.fill("#n-classes", "3")
    page.press("#n-classes", "Enter")
    page.wait_for_function(
        "window.playground.config.data.n_classes === 3"
        " && window.playground.config.network.output === 'multiclass'"
        " && window.playground.latest?.grid?.channels === 3"
    )
    expect(page.locator("#output-kind")).to_have_value("multiclass")
    expect(page.locator(".class-button")).to_have_count(3)
    assert_no_error_shown(page)
    classes = page.evaluate("[...new Set(window.playground.allPoints().map((p) => p[2]))].sort()")
    assert classes == [0, 1, 2]


def export_then_import(page: Page, tmp_path: Path) -> None:
    """Download the export, then load it back with Import: the same run goes on from its step."""
    page.click("#step")
    page.wait_for_function("(window.playground.latest?.step ?? 0) >= 1")
    page.wait_for_function(
        "window.playground.latest.step === window.playground.history.step.at(-1)"
    )
    config = page.evaluate("window.playground.config")
    step = page.evaluate("window.playground.latest.step")
    with page.expect_download() as download:
        page.click("#export")
    path = tmp_path / "first-class.json"
    download.value.save_as(path)
    before = page.evaluate("window.playground.session")
    with page.expect_file_chooser() as chooser:
        page.click("#import")
    chooser.value.set_files(str(path))
    page.wait_for_function(f"window.playground.session !== {json.dumps(before)}")
    page.wait_for_function(f"window.playground.latest?.step === {step}")
    assert page.evaluate("window.playground.config") == config
    expect(page.locator("#toast")).to_contain_text(f"step {step}")
    assert_no_error_shown(page)


def change_the_speed(page: Page, server_url: str) -> None:
    """Slow trains one step a frame; faster, chosen while playing, trains more per frame at once."""
    page.select_option("#speed", "slow")
    assert "speed=slow" in page.url
    page.click("#play")
    page.wait_for_function("window.playground.playing === true")
    assert server_pace(page, server_url) == 1
    page.select_option("#speed", "fastest")
    page.wait_for_function("window.playground.playing === true")
    for _ in range(100):
        if server_pace(page, server_url) > 1:
            break
        page.wait_for_timeout(100)
    assert server_pace(page, server_url) > 1
    pause(page)
    assert_no_error_shown(page)


def test_a_teacher_gives_the_first_class(page: Page, server_url: str, tmp_path: Path) -> None:
    pick_circles_vs_crosses(page)
    play_and_watch_the_loss_fall(page)
    add_a_hidden_layer(page)
    drawn = clear_and_draw_a_dozen_points(page)
    train_on_exactly_those_points(page, server_url, drawn)
    switch_to_a_three_class_spiral(page)
    export_then_import(page, tmp_path)
    change_the_speed(page, server_url)


# ----------------------------------------------------------------------------- on a phone


def test_the_first_class_on_a_phone(phone: Page) -> None:
    """At 390 x 844 the plot, play and the dataset picker are within a screen and a half and work
    by touch: tap a dataset, tap play, the run trains, tap the plot to add a point."""
    for selector in ("#plot", "#play", "#datasets"):
        top = phone.eval_on_selector(selector, "e => e.getBoundingClientRect().top + scrollY")
        assert top < 1.5 * PHONE["height"], f"{selector} starts at {top} px"
    phone.locator(".dataset[data-name='circles_crosses']").tap()
    phone.wait_for_function("window.playground.config.data.dataset === 'circles_crosses'")
    phone.locator("#play").tap()
    phone.wait_for_function("(window.playground.latest?.step ?? 0) >= 10")
    phone.locator("#play").tap()
    phone.wait_for_function("window.playground.playing === false")
    n = phone.evaluate("window.playground.allPoints().length")
    phone.locator("#plot").scroll_into_view_if_needed()
    phone.locator("#plot").tap(position={"x": 40, "y": 40})
    phone.wait_for_function(f"window.playground.allPoints().length === {n + 1}")


# ----------------------------------------------------------------------------- by keyboard


def test_tab_reaches_play_the_dataset_picker_and_the_plot(page: Page) -> None:
    """From the top of the page, Tab alone reaches play, a dataset and the plot, and each works
    from the keyboard: Enter on a dataset picks it, Enter on the plot adds a point, Space plays."""
    page.evaluate("document.activeElement?.blur()")
    reached: dict[str, int] = {}
    for presses in range(1, 200):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement;"
            " if (!e.classList.contains('dataset')) return e.id;"
            " return e.getAttribute('aria-checked') === 'true' ? 'current' : 'dataset'; })()"
        )
        if focused not in ("play", "dataset", "plot") or focused in reached:
            continue
        reached[focused] = presses
        if focused == "dataset":
            name = page.evaluate("document.activeElement.dataset.name")
            page.keyboard.press("Enter")
            page.wait_for_function(f"window.playground.config.data.dataset === {json.dumps(name)}")
        elif focused == "plot":
            n = page.evaluate("window.playground.allPoints().length")
            page.keyboard.press("Enter")
            page.wait_for_function(f"window.playground.allPoints().length === {n + 1}")
        if len(reached) == 3:
            break
    assert len(reached) == 3, f"Tab reached only {reached}"
    page.focus("#play")
    page.keyboard.press("Space")
    page.wait_for_function("(window.playground.latest?.step ?? 0) >= 5")
    page.keyboard.press("Space")
    page.wait_for_function("window.playground.playing === false")
