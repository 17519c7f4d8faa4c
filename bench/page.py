"""How fast the page paints the largest network (8 x 16) at resolution 100, in headless Chromium.

Prints one JSON object:
- `paint_ms`: time to paint one frame (decode base64, output heatmap, 128 neuron thumbnails, links,
  loss/accuracy/gradient charts), mean / p95 over repeated paints of a real frame;
- `paint_ms_neurons_100`: the same with every neuron thumbnail at 100 x 100 (the server's maximum);
- `stream`: frames received and painted per second while the server plays at 30 and 60 fps, and the
  browser's own frame rate (requestAnimationFrame ticks) meanwhile: ~60 means the page stays smooth.

Usage: python bench/page.py [--seconds 5]. Starts its own server; needs /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.live

from tests.live import VIEWPORT, ServerProcess, launch_chromium

LAYERS, NEURONS, RESOLUTION = 8, 16, 100
HASH = f"#layers={'%2C'.join([str(NEURONS)] * LAYERS)}&act=relu&res={RESOLUTION}&dataset=spiral"

# Paint the newest frame `n` times from scratch (nothing cached), timing each paint.
PAINT_LOOP = """async (n) => {
  const pg = window.playground;
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    pg.paint(true);
    pg.view.network.paintLinks();  // links are rate-limited in the page; count them every time here
    times.push(performance.now() - t0);
  }
  return times;
}"""

# Replace the frame's neuron grids by random ones at 100 x 100 (the server's largest).
BIG_NEURONS = """(r) => {
  const pg = window.playground;
  const frame = structuredClone(pg.latest);
  frame.neurons = frame.neurons.map((g) => {
    const bytes = new Uint8Array(r * r * g.channels);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    let text = "";
    for (let i = 0; i < bytes.length; i += 8192) {
      text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    }
    return { ...g, resolution: r, data: btoa(text) };
  });
  pg.store.set({latest: frame});
}"""

# Count frames received and paints done while the server plays at `fps` for `seconds`.
STREAM_LOOP = """async ([seconds, fps]) => {
  const pg = window.playground;
  let paints = 0;
  const stop = pg.store.on("paint", () => { paints++; });
  const r = await fetch(`/api/sessions/${pg.session}/play`, {
    method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({fps, steps_per_frame: 1}),
  });
  if (!r.ok) throw new Error(await r.text());
  await new Promise((done) => setTimeout(done, 500));
  const f0 = pg.framesSeen, p0 = paints, s0 = pg.latest.step, t0 = performance.now();
  let ticks = 0, worst = 0, last = t0;
  await new Promise((done) => {
    const tick = (t) => {
      ticks++;
      worst = Math.max(worst, t - last);
      last = t;
      if (t - t0 < seconds * 1000) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame(tick);
  });
  const dt = (performance.now() - t0) / 1000;
  const result = {frames: pg.framesSeen - f0, paints: paints - p0, steps: pg.latest.step - s0,
                  seconds: dt, ticks, worst};
  await fetch(`/api/sessions/${pg.session}/pause`, {method: "POST"});
  stop();
  return result;
}"""


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    mean = sum(ordered) / len(ordered)
    return {
        "mean": round(mean, 2),
        "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "max_fps": round(1000 / mean, 1),
    }


def stream_figures(r: dict[str, float]) -> dict[str, float]:
    per_s = r["seconds"]
    return {
        "frames_per_s": round(r["frames"] / per_s, 1),
        "painted_per_s": round(r["paints"] / per_s, 1),
        "steps_per_s": round(r["steps"] / per_s, 1),
        "browser_frames_per_s": round(r["ticks"] / per_s, 1),
        "longest_frame_gap_ms": round(r["worst"], 1),
    }


def measure(page: Page, seconds: float) -> dict[str, Any]:
    page.wait_for_function("() => document.body.dataset.ready === 'true'")
    page.wait_for_function(
        "() => window.playground.latest?.neurons?.length === 8 && window.playground.latest.weights"
    )
    page.click("#play")
    page.wait_for_function("() => (window.playground.latest?.step ?? 0) >= 50")
    page.click("#play")
    page.wait_for_function("() => window.playground.playing === false")
    page.evaluate(PAINT_LOOP, 5)
    paint = summary(page.evaluate(PAINT_LOOP, 60))
    frame = page.evaluate(
        "(() => { const f = window.playground.latest; return {grid: f.grid.resolution,"
        " neurons: f.neurons[0].resolution, layers: f.neurons.length,"
        " units: f.neurons.reduce((n, g) => n + g.channels, 0)}; })()"
    )
    streams = {fps: page.evaluate(STREAM_LOOP, [seconds, fps]) for fps in (30, 60)}
    page.evaluate(BIG_NEURONS, 100)
    big = summary(page.evaluate(PAINT_LOOP, 30))
    return {
        "network": f"{LAYERS} x {NEURONS}",
        "resolution": frame["grid"],
        "neuron_resolution": frame["neurons"],
        "neuron_thumbnails": frame["units"],
        "paint_ms": paint,
        "paint_ms_neurons_100": big,
        "stream": {f"server_fps_{fps}": stream_figures(r) for fps, r in streams.items()},
        "target_fps": 30,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to watch the stream")
    args = parser.parse_args()
    with ServerProcess() as server, sync_playwright() as p, launch_chromium(p) as browser:
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(f"{server.url}/{HASH}")
        result = measure(page, args.seconds)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
