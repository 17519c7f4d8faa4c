"""The training and validation sliders split generated data only: on the person's own points (each
keeps the split it was given) they are greyed out with a hint, and back on a generated dataset."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

RATIOS = ("#train-ratio", "#val-ratio")
HINT = "Your own points keep the split each was given."


def test_the_ratio_sliders_are_greyed_out_for_own_points(page: Page) -> None:
    for slider in RATIOS:
        expect(page.locator(slider)).to_be_enabled()
    page.click("#clear-points")
    page.wait_for_function("window.playground.custom?.length === 0")
    for slider in RATIOS:
        expect(page.locator(slider)).to_be_disabled()
        label = page.locator(f"label:has({slider})")
        expect(label).to_have_class("slider irrelevant")
        expect(label).to_have_attribute("title", HINT)
    expect(page.locator("#dataset-description")).to_contain_text("keeps the split")
    page.click(".dataset[data-name='moons']")
    page.wait_for_function(
        "window.playground.config.data.dataset === 'moons' && window.playground.custom === null"
    )
    for slider in RATIOS:
        expect(page.locator(slider)).to_be_enabled()
        expect(page.locator(f"label:has({slider})")).to_have_attribute("title", "")


def test_a_csv_of_own_points_greys_out_the_ratio_sliders(page: Page) -> None:
    text = "x1,x2,label\n" + "".join(f"{-4 + i},{i % 3},{i % 2}\n" for i in range(8))
    page.set_input_files(
        "#csv", files=[{"name": "own.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.wait_for_function("window.playground.custom?.length === 8")
    for slider in RATIOS:
        expect(page.locator(slider)).to_be_disabled()
