"""The playground page in a real Chromium against a real server: what a visitor sees and does."""

from __future__ import annotations

import json
import re
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.actions import get_json, make_it_diverge
from tests.e2e.conftest import open_playground, wait_until_painted
from tests.e2e.plot import plot_box

pytestmark = pytest.mark.e2e

SNAPSHOT = (
    "({config: window.playground.config, weights: window.playground.latest.weights,"
    " points: window.playground.points})"
)


def config(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate("window.playground.config")
    return result


def heatmap_pixels(page: Page) -> list[int]:
    """The output heatmap's RGBA bytes, read from its canvas."""
    pixels: list[int] = page.evaluate(
        """() => {
            const c = document.getElementById('heatmap');
            return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
        }"""
    )
    return pixels


def settle(page: Page) -> None:
    """Wait two animation frames, so whatever the page scheduled has been painted."""
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def wait_for_step(page: Page, at_least: int) -> None:
    page.wait_for_function(f"(window.playground.latest?.step ?? 0) >= {at_least}")


def train_for(page: Page, steps: int) -> None:
    """Press play, wait until `steps` steps are done, press pause."""
    page.click("#play")
    wait_for_step(page, steps)
    page.click("#play")
    page.wait_for_function("window.playground.playing === false")


def test_page_lists_every_option_from_the_server(page: Page, server_url: str) -> None:
    options = get_json(f"{server_url}/api/options")
    expect(page.locator(".dataset")).to_have_count(len(options["DATASETS"]))
    activations = page.eval_on_selector_all("#activation option", "os => os.map(o => o.value)")
    assert activations == [a["name"] for a in options["ACTIVATIONS"]]
    expect(page.locator("#seed")).to_have_value(str(config(page)["random_state"]))
    expect(page.locator(".network .node.neuron")).to_have_count(
        sum(config(page)["network"]["hidden_layer_sizes"])
    )


def activation_plot_pixels(page: Page) -> list[int]:
    """The alpha bytes of the activation plot's canvas."""
    alphas: list[int] = page.evaluate(
        """() => {
            const c = document.getElementById('activation-plot');
            const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            return Array.from(data.filter((_, i) => i % 4 === 3));
        }"""
    )
    return alphas


def test_the_activation_plot_draws_the_curve_the_server_sampled(page: Page) -> None:
    expect(page.locator("#activation-caption")).to_contain_text("Activation tanh")
    tanh = activation_plot_pixels(page)
    assert sum(1 for a in tanh if a) > 100
    page.select_option("#activation", "relu")
    expect(page.locator("#activation-caption")).to_contain_text("Activation ReLU")
    settle(page)
    assert activation_plot_pixels(page) != tanh


def plotted_leaky_slope(page: Page) -> float:
    """The slope of the blue g(z) line's negative side, read from the activation plot's pixels.

    The rows of the line at z = 0.5 and z = 1.5, where leaky_relu is g(z) = z, calibrate the
    vertical scale; the row at z = -4 then gives g(-4), and the slope is g(-4) / -4."""
    rows: dict[str, float] = page.evaluate(
        """() => {
            const c = document.getElementById('activation-plot');
            const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const [zLo, zHi] = [-5, 5];
            const row = (z) => {
                const x = Math.round(((z - zLo) / (zHi - zLo)) * c.width);
                const found = [];
                for (let y = 0; y < c.height; y++) {
                    const i = (y * c.width + x) * 4;
                    const [r, g, b, a] = data.slice(i, i + 4);
                    if (a > 128 && b > 140 && r < 90 && b - r > 100 && b > g) found.push(y);
                }
                return found.length ? found.reduce((s, y) => s + y, 0) / found.length : NaN;
            };
            return {neg: row(-4), half: row(0.5), one_and_half: row(1.5)};
        }"""
    )
    per_unit = rows["half"] - rows["one_and_half"]  # rows per unit of g (y grows downwards)
    zero = rows["half"] + 0.5 * per_unit
    return (zero - rows["neg"]) / per_unit / -4


def test_the_activation_plot_shows_leaky_relu_at_the_runs_slope(
    page: Page, server_url: str
) -> None:
    page.select_option("#activation", "leaky_relu")
    page.wait_for_function("window.playground.config.network.activation === 'leaky_relu'")
    expect(page.locator("#activation-caption")).to_contain_text("Activation leaky ReLU (c = 0.01)")
    settle(page)
    assert plotted_leaky_slope(page) == pytest.approx(0.01, abs=0.01)

    with page.expect_response("**/api/activations/leaky_relu/curve?leaky_slope=0.1") as answer:
        page.fill("#leaky-slope", "0.1")
        page.press("#leaky-slope", "Enter")
    assert answer.value.status == 200
    page.wait_for_function("window.playground.config.network.leaky_slope === 0.1")
    expect(page.locator("#activation-caption")).to_contain_text("Activation leaky ReLU (c = 0.1)")
    settle(page)
    served = get_json(f"{server_url}/api/activations/leaky_relu/curve?leaky_slope=0.1")
    plotted = page.evaluate("window.playground.view.activationPlot.curve")
    assert plotted == served
    assert served["g"][0] == -0.5 and served["dg"][0] == 0.1
    assert plotted_leaky_slope(page) == pytest.approx(0.1, abs=0.01)

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.fill("#leaky-slope", "0.01")
    page.press("#leaky-slope", "Enter")
    expect(page.locator("#activation-caption")).to_contain_text("(c = 0.01)")
    page.fill("#leaky-slope", "0.1")
    page.press("#leaky-slope", "Enter")
    expect(page.locator("#activation-caption")).to_contain_text("(c = 0.1)")
    settle(page)
    assert plotted_leaky_slope(page) == pytest.approx(0.1, abs=0.01)
    assert not [url for url in requests if "/api/activations/" in url]  # both were cached


def test_number_boxes_carry_the_bounds_the_server_accepts(page: Page, server_url: str) -> None:
    bounds = get_json(f"{server_url}/api/options")["bounds"]
    rate = page.locator("#learning-rate")
    assert float(rate.get_attribute("max") or "nan") == bounds["training.learning_rate"]["max"]
    assert float(rate.get_attribute("min") or "nan") == bounds["training.learning_rate"]["min"]
    assert page.locator("#seed").get_attribute("max") == str(bounds["random_state"]["max"])


def test_choosing_a_dataset_changes_the_data_and_the_url(page: Page) -> None:
    before = page.evaluate("window.playground.allPoints()")
    page.click(".dataset[data-name='xor']")
    page.wait_for_function("window.playground.config.data.dataset === 'xor'")
    expect(page.locator(".dataset[data-name='xor']")).to_have_attribute("aria-checked", "true")
    assert "dataset=xor" in page.url
    page.wait_for_function(
        "(before) => window.playground.allPoints().length > 0"
        " && JSON.stringify(window.playground.allPoints()) !== before",
        arg=json.dumps(before),
    )


def test_adding_a_layer_and_a_neuron_grows_the_network(page: Page) -> None:
    sizes = config(page)["network"]["hidden_layer_sizes"]
    page.click("#add-layer")
    page.wait_for_function(
        f"window.playground.config.network.hidden_layer_sizes.length === {len(sizes) + 1}"
    )
    page.get_by_role("button", name="Add a neuron to layer 1").click()
    page.wait_for_function(
        f"window.playground.config.network.hidden_layer_sizes[0] === {sizes[0] + 1}"
    )
    grown = config(page)["network"]["hidden_layer_sizes"]
    assert grown == [sizes[0] + 1, *sizes[1:], sizes[-1]]
    expect(page.locator(".network .node.neuron")).to_have_count(sum(grown))
    assert f"layers={'%2C'.join(map(str, grown))}" in page.url


def test_playing_lowers_the_loss_and_repaints_the_boundary(page: Page) -> None:
    first_loss = page.evaluate("window.playground.latest.train_loss")
    first_pixels = heatmap_pixels(page)
    train_for(page, 300)
    settle(page)
    assert page.evaluate("window.playground.latest.train_loss") < first_loss
    changed = sum(1 for a, b in zip(first_pixels, heatmap_pixels(page), strict=True) if a != b)
    assert changed > len(first_pixels) // 10
    assert int(page.inner_text("#step-count")) >= 300
    assert page.evaluate("window.playground.history.step.length") > 2


def test_clicking_the_output_plot_adds_a_point_of_the_chosen_class(page: Page) -> None:
    count = page.evaluate("window.playground.allPoints().length")
    page.get_by_role("radio", name="class 1").click()
    box = plot_box(page)
    page.mouse.click(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    page.wait_for_function(f"window.playground.allPoints().length === {count + 1}")
    added = page.evaluate("window.playground.custom[window.playground.custom.length - 1]")
    assert added[0] == pytest.approx(-4.8, abs=0.2)
    assert added[1] == pytest.approx(4.8, abs=0.2)
    assert added[2] == 1
    assert "pts=" in page.url


def test_a_three_class_problem_paints_three_colours(page: Page) -> None:
    page.select_option("#output-kind", "multiclass")
    page.wait_for_function(
        "window.playground.config.data.n_classes === 3"
        " && window.playground.latest?.grid?.channels === 3"
    )
    expect(page.locator(".class-button")).to_have_count(3)
    train_for(page, 200)
    page.check("#discretize")
    settle(page)
    pixels = heatmap_pixels(page)
    colours = Counter(tuple(pixels[i : i + 3]) for i in range(0, len(pixels), 4))
    regions = [c for c, n in colours.items() if n > len(pixels) // 4 // 100]
    assert len(regions) >= 3, colours.most_common(5)


def test_reloading_the_link_brings_back_the_same_run(page: Page) -> None:
    page.fill("#seed", "7")
    page.press("#seed", "Enter")
    page.wait_for_function("window.playground.config.random_state === 7")
    page.click(".dataset[data-name='moons']")
    page.wait_for_function("window.playground.config.data.dataset === 'moons'")
    page.fill("#learning-rate", "0.1")
    page.press("#learning-rate", "Enter")
    page.wait_for_function("window.playground.config.training.learning_rate === 0.1")
    page.wait_for_function(
        "window.playground.latest?.weights && window.playground.latest.step === 0"
    )
    before = page.evaluate(SNAPSHOT)
    link = page.url
    page.reload()
    wait_until_painted(page)
    page.wait_for_function("window.playground.latest?.weights")
    after = page.evaluate(SNAPSHOT)
    assert page.url == link
    assert after == before
    expect(page.locator("#seed")).to_have_value("7")


def test_a_diverging_learning_rate_shows_the_banner(page: Page) -> None:
    make_it_diverge(page)
    expect(page.locator("#banner-title")).to_contain_text("Training stopped at step")
    # The coach's fix: back to the last healthy weights at a rate it works out to be stable.
    expect(page.locator("#banner-fix")).to_contain_text(re.compile(r"learning rate [0-9.e-]+"))
    words = page.locator("#banner-fix").inner_text()
    rate = float(re.search(r"learning rate ([0-9.e-]+)", words).group(1))  # type: ignore[union-attr]
    assert 0 < rate < 100
    page.click("#banner-fix")
    page.wait_for_function(f"window.playground.config.training.learning_rate === {rate}")
    expect(page.locator("#banner")).to_be_hidden()


def test_a_lesson_from_the_menu_opens_its_first_preset(page: Page, server_url: str) -> None:
    lessons = get_json(f"{server_url}/api/lessons")
    lesson = lessons[0]
    preset = lesson["presets"][0]["config"]
    page.click("#lessons-menu summary")
    page.click(f".lesson-item[data-id='{lesson['id']}']")
    expect(page.locator("#lesson")).to_be_visible()
    expect(page.locator("#lesson-title")).to_have_text(lesson["title"]["en"])
    expect(page.locator("#lesson-do")).to_have_text(lesson["text"]["en"]["do"])
    page.wait_for_function(
        f"window.playground.config.data.dataset === {json.dumps(preset['data']['dataset'])}"
    )
    hidden = preset.get("network", {}).get("hidden_layer_sizes")
    if hidden is not None:
        assert config(page)["network"]["hidden_layer_sizes"] == hidden
    page.click("#lesson-lang")
    expect(page.locator("#lesson-title")).to_have_text(lesson["title"]["zh"])
    assert f"lesson={lesson['id']}" in page.url


def test_alt_clicking_a_point_shows_its_backprop_trace(page: Page) -> None:
    box = plot_box(page)
    page.keyboard.down("Alt")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.up("Alt")
    rows = page.locator("table.trace tbody tr")
    expect(rows).to_have_count(len(config(page)["network"]["hidden_layer_sizes"]) + 1)
    expect(page.locator("#trace")).to_contain_text("loss")


def test_clicking_a_link_edits_its_weight(page: Page) -> None:
    page.wait_for_function("window.playground.latest?.weights")
    spot = page.evaluate("window.playground.view.network.linkPoint(0, 0, 0)")
    page.mouse.move(spot["x"], spot["y"])
    expect(page.locator(".link-tooltip")).to_contain_text("w = ")
    page.mouse.click(spot["x"], spot["y"])
    expect(page.locator("#weight-editor")).to_be_visible()
    page.fill("#weight-value", "2.5")
    page.press("#weight-value", "Enter")
    page.wait_for_function("window.playground.latest.weights[0].W[0][0] === 2.5")
    expect(page.locator("#weight-name")).to_have_text("x₁ → layer 1, unit 1")


def test_the_space_bar_toggles_play(page: Page) -> None:
    page.locator("h1").click()
    page.keyboard.press("Space")
    page.wait_for_function("window.playground.playing === true")
    expect(page.locator("#play")).to_have_attribute("aria-label", "Pause")
    page.keyboard.press("Space")
    page.wait_for_function("window.playground.playing === false")


def test_lessons_missing_from_the_server_leave_the_page_working(
    page: Page, server_url: str
) -> None:
    page.route(
        "**/api/lessons", lambda route: route.fulfill(status=404, body='{"detail": "Not Found"}')
    )
    open_playground(page, server_url)
    page.click("#lessons-menu summary")
    expect(page.locator("#lesson-list")).to_contain_text("not available")


def test_uploading_a_csv_replaces_the_data(page: Page) -> None:
    rows = [(-3 + 0.5 * i, 2.0, i % 2) for i in range(12)]
    csv = "x1,x2,label\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)
    page.set_input_files(
        "#csv", files=[{"name": "mine.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.wait_for_function("window.playground.allPoints().length === 12")
    assert sorted(page.evaluate("window.playground.custom")) == sorted(
        [[a, b, c] for a, b, c in rows]
    )
    expect(page.locator("#toast")).to_contain_text("Loaded 12 points")


def test_export_downloads_the_model_as_json(page: Page) -> None:
    with page.expect_download() as info:
        page.click("#export")
    download = info.value
    assert download.suggested_filename.endswith(".json")
    model = json.loads(Path(download.path()).read_text())
    assert model["config"]["data"]["dataset"] == config(page)["data"]["dataset"]


def test_a_session_the_server_forgot_is_started_again(page: Page, server_url: str) -> None:
    old = page.evaluate("window.playground.session")
    seed = config(page)["random_state"]
    request = urllib.request.Request(f"{server_url}/api/sessions/{old}", method="DELETE")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204
    page.click("#step")
    page.wait_for_function(
        "(old) => window.playground.session !== old && window.playground.latest !== null", arg=old
    )
    assert config(page)["random_state"] == seed


def test_training_a_lesson_preset_shows_progress(page: Page, server_url: str) -> None:
    lesson = get_json(f"{server_url}/api/lessons")[0]
    steps = lesson["presets"][0]["steps"]
    page.click("#lessons-menu summary")
    page.click(f".lesson-item[data-id='{lesson['id']}']")
    page.click("#lesson-presets button.primary")
    expect(page.locator("#progress")).to_be_visible()
    page.wait_for_function(f"window.playground.latest?.step === {steps}")
    expect(page.locator("#progress")).to_be_hidden()
    assert page.evaluate("window.playground.history.step.length") > 10


def test_clearing_then_drawing_and_erasing_points(page: Page) -> None:
    page.click("#clear-points")
    page.wait_for_function("window.playground.custom?.length === 0")
    box = plot_box(page)
    spots = [(0.2, 0.2), (0.8, 0.8), (0.5, 0.3)]
    for i, (fx, fy) in enumerate(spots):
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        page.wait_for_function(f"window.playground.custom.length === {i + 1}")
    page.wait_for_function("window.playground.allPoints().length === 3")
    page.keyboard.down("Shift")
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.2)
    page.keyboard.up("Shift")
    page.wait_for_function("window.playground.allPoints().length === 2")
    left = sorted(p[:2] for p in page.evaluate("window.playground.custom"))
    assert left == [pytest.approx([0.0, 2.4], abs=0.1), pytest.approx([3.6, -3.6], abs=0.1)]


def test_server_text_is_shown_as_text_never_as_html(page: Page, server_url: str) -> None:
    lesson = get_json(f"{server_url}/api/lessons")[0]
    lesson["title"]["en"] = "<img src=x onerror=window.hacked=1>Bold <b>claim</b>"
    page.route("**/api/lessons", lambda route: route.fulfill(json=[lesson]))
    open_playground(page, server_url)
    page.click("#lessons-menu summary")
    page.click(f".lesson-item[data-id='{lesson['id']}']")
    expect(page.locator("#lesson-title")).to_have_text(lesson["title"]["en"])
    expect(page.locator("#lesson img, #lesson b")).to_have_count(0)
    assert page.evaluate("window.hacked") is None


def test_without_option_lists_the_page_still_trains(page: Page, server_url: str) -> None:
    page.route("**/api/options", lambda route: route.fulfill(status=500, body="{}"))
    open_playground(page, server_url)
    expect(page.locator("#toast")).to_contain_text("option lists")
    expect(page.locator("#activation")).to_have_value(config(page)["network"]["activation"])
    train_for(page, 20)


def test_a_tablet_can_tap_to_add_points_without_sideways_scrolling(
    browser: Browser, server_url: str
) -> None:
    context = browser.new_context(viewport={"width": 820, "height": 1180}, has_touch=True)
    tablet = context.new_page()
    open_playground(tablet, server_url)
    assert tablet.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    count = tablet.evaluate("window.playground.allPoints().length")
    box = plot_box(tablet)
    tablet.tap("#plot", position={"x": box["width"] * 0.3, "y": box["height"] * 0.6})
    tablet.wait_for_function(f"window.playground.allPoints().length === {count + 1}")
    context.close()


def test_clicking_a_neuron_edits_its_bias(page: Page) -> None:
    page.wait_for_function("window.playground.latest?.weights")
    page.locator(".network .node.neuron").nth(1).click()
    expect(page.locator("#weight-name")).to_have_text("bias of layer 1, unit 2")
    page.fill("#weight-value", "-1.25")
    page.press("#weight-value", "Enter")
    page.wait_for_function("window.playground.latest.weights[0].b[1] === -1.25")


def test_early_stopping_says_why_training_stopped(page: Page, server_url: str) -> None:
    # Only the hash changes, so the page starts the new run without reloading.
    page.goto(f"{server_url}/#es=1&patience=2&mindelta=1")
    page.wait_for_function(
        "window.playground.config.training.early_stopping === true && window.playground.latest"
    )
    page.click("#play")
    expect(page.locator("#banner-title")).to_have_text("Stopped early.")
    page.wait_for_function("window.playground.playing === false")
    page.click("#banner-fix")
    page.wait_for_function("window.playground.latest.step === 0")
    expect(page.locator("#banner")).to_be_hidden()


def test_the_url_table_round_trips_every_kind_of_field(page: Page) -> None:
    result = page.evaluate(
        """async () => {
            const s = await import('/static/js/state.js');
            const config = structuredClone(window.playground.config);
            config.network.activation = ['relu', 'tanh'];
            config.network.hidden_layer_sizes = [3, 5];
            config.training.clip_norm = null;
            config.training.future_option = {depth: 2};
            const view = {...s.defaultView(), discretize: true, lang: 'zh',
                          points: s.encodePoints([[1.2345, -2, 1], [0, 0.5, 0]])};
            const back = s.fromHash(s.toHash(config, view));
            return {config, view, back, points: s.decodePoints(back.view.points)};
        }"""
    )
    assert result["back"]["config"] == result["config"]
    assert result["back"]["view"] == result["view"]
    assert result["points"] == [[1.235, -2, 1], [0, 0.5, 0]]


def test_hovering_a_neuron_shows_it_on_the_output_plot(page: Page) -> None:
    page.locator(".network .node.neuron").first.hover()
    expect(page.locator("#plot")).to_have_class(re.compile(r"\bpreviewing\b"))
    expect(page.locator("#plot")).to_have_attribute("data-preview", "layer 1, unit 1")
    settle(page)
    shown = page.evaluate("document.getElementById('heatmap').width")
    assert shown == page.evaluate("window.playground.latest.neurons[0].resolution")
    page.locator("h1").hover()
    expect(page.locator("#plot")).not_to_have_class(re.compile(r"\bpreviewing\b"))


def test_every_control_has_a_label(page: Page) -> None:
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, button')]
            .filter((e) => e.checkVisibility())
            .filter((e) => !(e.labels?.length || e.getAttribute('aria-label')
                             || e.textContent.trim() || e.title))
            .map((e) => e.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []
