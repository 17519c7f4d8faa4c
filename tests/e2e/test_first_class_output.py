"""The output plot reads on its own: a colour legend, x1/x2 ticks, outlined regression points, chart
ticks that differ at step 0, and no empty neuron boxes when neuron pictures are off."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_playground

pytestmark = pytest.mark.e2e

THREE_SPIRALS = "#dataset=spiral&classes=3&output=multiclass"
PLANE = "#dataset=plane&output=regression&loss=mse&n=120&noise=0.5"
# WCAG 2.2 (1.4.11 non-text contrast): a graphical object needs 3:1 against what surrounds it.
GRAPHIC_CONTRAST = 3.0


def as_number(label: str) -> float:
    """A tick label as a number ("−4" uses the typographic minus)."""
    return float(label.replace("\u2212", "-"))


def test_legend_names_each_class_of_a_three_class_problem(page: Page, server_url: str) -> None:
    open_playground(page, f"{server_url}/{THREE_SPIRALS}")
    swatches = page.locator("#plot-legend .legend-class")
    expect(swatches).to_have_count(3)
    expect(swatches).to_have_text(["class 0", "class 1", "class 2"])
    # Each swatch shows its class's marker, drawn on a small canvas.
    assert page.eval_on_selector_all(
        "#plot-legend .legend-class canvas",
        "cs => cs.map(c => c.getContext('2d').getImageData(0, 0, c.width, c.height)"
        ".data.some((v, i) => i % 4 === 3 && v > 0))",
    ) == [True, True, True]
    expect(page.locator("#plot-legend .legend-bar")).to_be_hidden()
    expect(page.locator("#plot-legend .legend-note")).to_contain_text("Colour shows")


def test_legend_shows_the_colour_scale_of_a_binary_problem(page: Page) -> None:
    legend = page.locator("#plot-legend")
    expect(legend.locator(".legend-bar")).to_be_visible()
    labels = legend.locator(".legend-ticks span").all_text_contents()
    values = [as_number(label) for label in labels]
    assert values[0] == 0 and values[-1] == 1 and 0.5 in values
    expect(legend.locator(".legend-end")).to_have_text(["class 0", "class 1"])
    expect(legend.locator(".legend-note")).to_have_text(
        "Colour shows the network's prediction; stronger colour = more confident."
    )
    # The bar runs from the orange of class 0 through white to the blue of class 1.
    left, middle, right = page.evaluate(
        """() => {
            const c = document.querySelector('#plot-legend .legend-bar');
            const at = (x) => Array.from(c.getContext('2d').getImageData(x, 0, 1, 1).data);
            return [at(0), at(Math.floor(c.width / 2)), at(c.width - 1)];
        }"""
    )
    assert left[0] > left[2] and right[2] > right[0]
    assert min(middle[:3]) > 230


def test_output_plot_has_x1_and_x2_tick_labels(page: Page) -> None:
    for axis in ("x", "y"):
        ticks = page.locator(f"#plot .plot-ticks-{axis} span")
        values = [as_number(t) for t in ticks.all_text_contents()]
        assert values[0] == -6 and values[-1] == 6 and 0 in values, (axis, values)
        assert len(values) >= 5
        expect(ticks.first).to_be_visible()
    # Tick labels sit outside the plot, left of it (x2) and below it (x1).
    plot = page.locator("#plot").bounding_box()
    x_tick = page.locator("#plot .plot-ticks-x span").first.bounding_box()
    y_tick = page.locator("#plot .plot-ticks-y span").first.bounding_box()
    assert plot and x_tick and y_tick
    assert x_tick["y"] >= plot["y"] + plot["height"] - 1
    assert y_tick["x"] + y_tick["width"] <= plot["x"] + 1


def test_loss_chart_tick_labels_differ_at_step_zero(page: Page) -> None:
    assert page.evaluate("window.playground.latest.step") == 0
    ticks: list[dict[str, Any]] = page.evaluate("window.playground.view.lossChart.yTicks")
    labels = [t["label"] for t in ticks]
    assert len(labels) >= 2 and len(set(labels)) == len(labels), labels
    loss = page.evaluate("window.playground.latest.train_loss")
    values = [t["value"] for t in ticks]
    assert min(values) <= loss <= max(values)
    # Round ticks: one step between them, 1, 2 or 5 times a power of ten.
    steps = {round(b - a, 12) for a, b in itertools.pairwise(values)}
    assert len(steps) == 1
    mantissa = f"{steps.pop():.0e}".split("e")[0]
    assert mantissa in {"1", "2", "5"}


def neuron_boxes(page: Page) -> dict[str, int]:
    """How many neuron nodes are shown, and how many of them show an empty picture box (a visible
    canvas with no painted pixel)."""
    result: dict[str, int] = page.evaluate(
        """() => {
            const nodes = [...document.querySelectorAll('.network .node.neuron')];
            const shown = nodes.filter(n => n.getClientRects().length > 0);
            const empty = shown.filter(n => {
                const c = n.querySelector('canvas');
                if (!c || c.getClientRects().length === 0) return false;
                const box = c.getBoundingClientRect();
                if (box.width < 1 || box.height < 1) return false;
                const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                return !data.some((v, i) => i % 4 === 3 && v > 0);
            });
            return {nodes: nodes.length, shown: shown.length, empty: empty.length};
        }"""
    )
    return result


def test_softmax_lesson_draws_no_empty_neuron_box(page: Page) -> None:
    page.click("#lessons-menu summary")
    page.click(".lesson-item[data-id='softmax']")
    page.wait_for_function(
        "window.playground.config.network.output === 'multiclass'"
        " && window.playground.latest?.grid?.channels === 3"
    )
    expect(page.locator("#show-neurons")).not_to_be_checked()
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    boxes = neuron_boxes(page)
    assert boxes["nodes"] == 32 and boxes["shown"] == 32, boxes
    assert boxes["empty"] == 0, boxes
    # Turning the pictures back on paints one in every node.
    page.check("#show-neurons")
    page.wait_for_function(
        "[...document.querySelectorAll('.network .node.neuron canvas')].every(c => c.width > 1)"
    )
    assert neuron_boxes(page)["empty"] == 0


def relative_luminance(rgb: list[int]) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[int], b: list[int]) -> float:
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# For each training point the plot shows, the screenshot's pixels on a ring just outside its
# marker, and the heatmap's colour under it; points with a neighbour close by are left out.
_RINGS = """async (png) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(png)], {type: 'image/png'}));
    const shot = new OffscreenCanvas(bitmap.width, bitmap.height);
    const sctx = shot.getContext('2d');
    sctx.drawImage(bitmap, 0, 0);
    const plot = document.getElementById('plot').getBoundingClientRect();
    const scale = bitmap.width / plot.width;
    const heat = document.getElementById('heatmap');
    const hctx = heat.getContext('2d');
    const box = 6;
    const X = window.playground.points.train.X;
    const at = ([a, b]) => [(a + box) / (2 * box), (box - b) / (2 * box)];
    const out = [];
    X.forEach((p, i) => {
        const [u, v] = at(p);
        const near = X.some((q, j) => {
            if (j === i) return false;
            const [s, t] = at(q);
            return Math.hypot((s - u) * plot.width, (t - v) * plot.height) < 16;
        });
        if (near || u < 0.04 || u > 0.96 || v < 0.04 || v > 0.96) return;
        const cx = u * bitmap.width;
        const cy = v * bitmap.height;
        const marker = Math.max(3, (plot.width * (window.devicePixelRatio || 1)) / 90) * 0.85;
        const ring = [];
        for (let a = 0; a < 16; a++) {
            for (const r of [marker + 1, marker + 1.5, marker + 2]) {
                const x = Math.round(cx + Math.cos((a * Math.PI) / 8) * r * scale);
                const y = Math.round(cy + Math.sin((a * Math.PI) / 8) * r * scale);
                ring.push(Array.from(sctx.getImageData(x, y, 1, 1).data));
            }
        }
        const under = Array.from(hctx.getImageData(
            Math.min(heat.width - 1, Math.floor(u * heat.width)),
            Math.min(heat.height - 1, Math.floor(v * heat.height)), 1, 1).data);
        out.push({ring, under});
    });
    return out;
}"""


def test_regression_points_have_a_dark_outline(page: Page, server_url: str) -> None:
    open_playground(page, f"{server_url}/{PLANE}")
    page.wait_for_function("window.playground.points?.train?.X?.length > 0")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    png = page.locator("#plot").screenshot()
    points: list[dict[str, Any]] = page.evaluate(_RINGS, list(png))
    assert len(points) >= 10
    # Every point's outline stands out from the shade under it, wherever it lies on the scale.
    weakest = min(
        max(contrast(pixel, point["under"]) for pixel in point["ring"]) for point in points
    )
    assert weakest >= GRAPHIC_CONTRAST, f"weakest outline contrast {weakest:.2f}"
