"""First class: rates are chosen from presets (typing still works); a layer's size is typed and a
network shape is one choice, not dozens of "+" clicks."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PRESETS = ["0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"]


def server_config(page: Page, server_url: str) -> dict[str, Any]:
    """The run's config as the server holds it (GET /api/sessions/{id})."""
    session_id = page.evaluate("window.playground.session")
    url = f"{server_url}/api/sessions/{session_id}"
    with urllib.request.urlopen(url, timeout=10) as response:
        config: dict[str, Any] = json.load(response)["config"]
    return config


def count_patches(page: Page) -> list[str]:
    """Every PATCH the page sends from now on."""
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "PATCH" else None)
    return sent


@pytest.mark.parametrize(
    ("preset_select", "path", "value"),
    [("#learning-rate-presets", "learning_rate", 0.3), ("#alpha-presets", "alpha", 0.003)],
)
def test_choosing_a_rate_preset_sets_the_run(
    page: Page, server_url: str, preset_select: str, path: str, value: float
) -> None:
    page.select_option("#regularization", "l2")  # the regularisation rate applies only then
    page.wait_for_function("window.playground.config.training.regularization === 'l2'")
    select = page.locator(preset_select)
    offered = select.locator("option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert [float(v) for v in offered] == [float(p) for p in PRESETS]
    select.select_option(str(value))
    page.wait_for_function(f"window.playground.config.training.{path} === {value}")
    assert server_config(page, server_url)["training"][path] == value


def test_a_typed_learning_rate_still_works_and_shows_as_custom(page: Page, server_url: str) -> None:
    page.fill("#learning-rate", "0.042")
    page.press("#learning-rate", "Enter")
    page.wait_for_function("window.playground.config.training.learning_rate === 0.042")
    assert server_config(page, server_url)["training"]["learning_rate"] == 0.042
    expect(page.locator("#learning-rate-presets")).to_have_value("")
    page.locator("#learning-rate-presets").select_option("0.01")
    page.wait_for_function("window.playground.config.training.learning_rate === 0.01")
    expect(page.locator("#learning-rate")).to_have_value("0.01")


def test_typing_a_layer_size_sets_it_in_one_change(page: Page, server_url: str) -> None:
    patches = count_patches(page)
    size = page.get_by_label("Neurons in layer 1")
    size.fill("16")
    size.press("Enter")
    page.wait_for_function("window.playground.config.network.hidden_layer_sizes[0] === 16")
    assert len(patches) == 1
    assert server_config(page, server_url)["network"]["hidden_layer_sizes"][0] == 16
    layer = page.locator(".network .column.hidden").first
    expect(layer.locator(".node.neuron")).to_have_count(16)


def test_a_layer_size_out_of_range_is_refused_in_plain_words(page: Page) -> None:
    before = page.evaluate("window.playground.config.network.hidden_layer_sizes[0]")
    size = page.get_by_label("Neurons in layer 1")
    size.fill("40")
    size.press("Enter")
    expect(page.locator("#toast")).to_contain_text("A layer can have 1 to 16 neurons.")
    expect(size).to_have_value(str(before))
    assert page.evaluate("window.playground.config.network.hidden_layer_sizes[0]") == before


def test_choosing_a_network_shape_builds_it_in_one_change(page: Page, server_url: str) -> None:
    patches = count_patches(page)
    page.select_option("#network-shape", label="8 layers of 16")
    page.wait_for_function("window.playground.config.network.hidden_layer_sizes.length === 8")
    assert len(patches) == 1
    assert server_config(page, server_url)["network"]["hidden_layer_sizes"] == [16] * 8
    expect(page.locator(".network .node.neuron")).to_have_count(128)
    page.select_option("#network-shape", label="no hidden layer")
    page.wait_for_function("window.playground.config.network.hidden_layer_sizes.length === 0")
    expect(page.locator(".network .node.neuron")).to_have_count(0)
