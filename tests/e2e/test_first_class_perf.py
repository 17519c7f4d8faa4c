"""The largest network stays smooth: the links are rasterised off the page's own thread, and neuron
pictures painted at a bounded rate still end on the newest frame (issue 9, trap 12).

No timing here (the machine is shared): `bench/page.py` measures long tasks and latencies."""

from __future__ import annotations

import base64

from playwright.sync_api import Page

from tests.e2e.conftest import open_playground

LARGEST = "#layers=16%2C16%2C16%2C16%2C16%2C16%2C16%2C16&act=relu&res=100&dataset=spiral"

# The element screenshot (PNG, base64) decoded in the page: how many pixels are clearly coloured.
COLOURED_PIXELS = """async (png) => {
  const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  let coloured = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
  }
  return coloured;
}"""

# Paint the newest frame's first hidden layer afresh and compare with the thumbnails on show.
THUMBNAILS_SHOW_NEWEST = """async () => {
  const { decodeGrid } = await import("/static/js/api.js");
  const { paintNeuronLayer } = await import("/static/js/heatmap.js");
  const shown = [...document.querySelectorAll("#network .column.hidden")][0]
    .querySelectorAll(".node.neuron canvas");
  const grid = decodeGrid(window.playground.latest.neurons[0]);
  const fresh = Array.from(shown, () => document.createElement("canvas"));
  paintNeuronLayer(grid, fresh, 0);
  const pixels = (c) => Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data);
  return fresh.every((c, j) => c.width === shown[j].width
    && pixels(c).every((v, i) => v === pixels(shown[j])[i]));
}"""


def test_the_links_are_drawn_by_a_worker_and_still_show(page: Page, server_url: str) -> None:
    open_playground(page, f"{server_url}/{LARGEST}")
    page.wait_for_function("() => window.playground.latest?.weights?.length === 9")
    handed_over = page.evaluate(
        """() => {
          try { document.querySelector("#network canvas.links").getContext("2d"); return false; }
          catch (error) { return error.name === "InvalidStateError"; }
        }"""
    )
    assert handed_over, "the links canvas is still drawn on the page's own thread"
    links = page.locator("#network canvas.links")
    for _ in range(50):
        png = base64.b64encode(links.screenshot()).decode()
        if page.evaluate(COLOURED_PIXELS, png) > 500:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("no coloured links were drawn")


def test_neuron_pictures_end_on_the_newest_frame_after_pausing(page: Page, server_url: str) -> None:
    open_playground(page, f"{server_url}/{LARGEST}")
    page.click("#play")
    page.wait_for_function("() => (window.playground.latest?.step ?? 0) >= 30")
    page.click("#play")
    page.wait_for_function("() => window.playground.playing === false")
    for _ in range(50):
        if page.evaluate(THUMBNAILS_SHOW_NEWEST) is True:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the neuron pictures do not show the newest frame")
