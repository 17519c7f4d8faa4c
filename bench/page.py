"""How fast the page paints the largest network (8 x 16) at resolution 100, in headless Chromium.

Prints one JSON object:
- `paint_ms`: time to paint one frame (decode base64, output heatmap, 128 neuron thumbnails, links,
  loss/accuracy/gradient charts), mean / p95 over repeated paints of a real frame;
- `paint_ms_neurons_100`: the same with every neuron thumbnail at 100 x 100 (the server's maximum);
- `stream`: frames received and painted per second while the server plays at 30 and 60 fps, and the
  browser's own frame rate (requestAnimationFrame ticks) meanwhile: ~60 means the page stays smooth;
- `long_tasks`: tasks over 50 ms (Long Tasks API) while the page plays the network with its own Play
  button (target: none), with the browser's frame rate and longest gap between two frames meanwhile;
- `hover_ms`: from a neuron's `mouseenter` until the animation frame after its picture was painted
  on the output plot, while playing (target: < 100 ms);
- `control_to_frame_ms`: from a learning-rate change in its control until a frame carrying the new
  learning rate arrives, playing 20 steps per frame (target: < 100 ms, the next frame at 30 fps).
Run it on the code before a change too (a copy of that commit with this script): the machine's load
moves every figure, so compare runs made one after the other.

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
LONG_TASK_MS = 50
CONTROL_SPEED = "normal"  # two epochs a frame: 36 steps of 10 on the 180 training points

# Runs before the page's own scripts (Playwright injects it through the debugger protocol, which the
# page's CSP does not govern): records every long task and any CSP violation.
OBSERVE_LONG_TASKS = """
window.__longTasks = [];
window.__cspViolations = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push({start: e.startTime, ms: e.duration});
}).observe({type: "longtask", buffered: true});
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
}, true);
"""

# Play with the page's own Play button for `seconds`; long tasks and animation frames meanwhile.
LONG_TASK_LOOP = """async (seconds) => {
  const pg = window.playground;
  document.getElementById("play").click();
  await new Promise((done) => {
    const wait = () => (pg.playing ? done() : setTimeout(wait, 20));
    wait();
  });
  await new Promise((done) => setTimeout(done, 500));
  const t0 = performance.now(), f0 = pg.framesSeen;
  let ticks = 0, worst = 0, last = t0;
  await new Promise((done) => {
    const tick = (t) => {
      ticks++; worst = Math.max(worst, t - last); last = t;
      if (t - t0 < seconds * 1000) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame(tick);
  });
  const t1 = performance.now();
  await new Promise((done) => setTimeout(done, 100));  // the observer reports a task after it ends
  const tasks = window.__longTasks.filter((e) => e.start >= t0 && e.start < t1).map((e) => e.ms);
  return {tasks, seconds: (t1 - t0) / 1000, ticks, worst, frames: pg.framesSeen - f0};
}"""

# While playing: hover `count` neurons in turn; the time from mouseenter to the animation frame
# after the plot shows that neuron.
HOVER_LOOP = """async (count) => {
  const plot = document.getElementById("plot");
  const layers = [...document.querySelectorAll("#network .column.hidden")];
  const nextFrame = () => new Promise((done) => requestAnimationFrame(done));
  const times = [];
  for (let i = 0; i < count; i++) {
    const l = i % layers.length, j = (i * 5) % 16;
    const node = layers[l].querySelectorAll(".node.neuron")[j];
    const label = `layer ${l + 1}, unit ${j + 1}`;
    const t0 = performance.now();
    node.dispatchEvent(new MouseEvent("mouseenter"));
    while (!(plot.classList.contains("previewing") && plot.dataset.preview === label)) {
      await nextFrame();
      if (performance.now() - t0 > 10000) throw new Error("the neuron's picture never appeared");
    }
    await nextFrame();
    times.push(performance.now() - t0);
    node.dispatchEvent(new MouseEvent("mouseleave"));
    while (plot.classList.contains("previewing")) await nextFrame();
    await new Promise((done) => setTimeout(done, 150));
  }
  return times;
}"""

# While playing: change the learning rate in its control `count` times; the time from the change
# event until a frame carries the new rate.
CONTROL_LOOP = """async (count) => {
  const pg = window.playground;
  const input = document.getElementById("learning-rate");
  const times = [];
  for (let i = 0; i < count; i++) {
    const rate = i % 2 === 0 ? 0.01 : 0.03;
    const arrived = new Promise((done) => {
      const stop = pg.store.on("frame", (f) => {
        if (Math.abs(f.learning_rate - rate) < 1e-12) { stop(); done(performance.now()); }
      });
    });
    const t0 = performance.now();
    input.value = String(rate);
    input.dispatchEvent(new Event("change", {bubbles: true}));
    const t1 = await Promise.race([arrived, new Promise((d) => setTimeout(() => d(NaN), 15000))]);
    times.push(t1 - t0);
    await new Promise((done) => setTimeout(done, 300));
  }
  return times;
}"""
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


def latency(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median": round(ordered[len(ordered) // 2], 1),
        "max": round(ordered[-1], 1),
        "runs": len(ordered),
    }


def choose_speed(page: Page, speed: str) -> None:
    page.select_option("#speed", speed)


def pause(page: Page) -> None:
    page.evaluate("() => window.playground.playing && document.getElementById('play').click()")
    page.wait_for_function("() => window.playground.playing === false")


def first_class_figures(page: Page, seconds: float) -> dict[str, Any]:
    """Long tasks while playing, hover-to-picture and control-to-frame latency (issue 9)."""
    played = page.evaluate(LONG_TASK_LOOP, seconds)
    tasks = played["tasks"]
    hover = page.evaluate(HOVER_LOOP, 16)
    pause(page)
    choose_speed(page, CONTROL_SPEED)
    page.click("#play")
    page.wait_for_function("() => window.playground.playing === true")
    page.wait_for_timeout(1000)
    control = page.evaluate(CONTROL_LOOP, 8)
    pause(page)
    return {
        "long_tasks": {
            "count": len(tasks),
            "longest_ms": round(max(tasks, default=0.0), 1),
            "per_5_s": round(len(tasks) * 5 / played["seconds"], 1),
            "browser_frames_per_s": round(played["ticks"] / played["seconds"], 1),
            "longest_frame_gap_ms": round(played["worst"], 1),
            "frames_received_per_s": round(played["frames"] / played["seconds"], 1),
            "target": f"no task over {LONG_TASK_MS} ms",
        },
        "hover_ms": {**latency(hover), "target": "< 100"},
        "control_to_frame_ms": {
            **latency(control),
            "speed": CONTROL_SPEED,
            "target": "< 100",
        },
        "csp_violations": page.evaluate("() => window.__cspViolations"),
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
    first_class = first_class_figures(page, seconds)
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
        **first_class,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to watch the stream")
    args = parser.parse_args()
    with ServerProcess() as server, sync_playwright() as p, launch_chromium(p) as browser:
        page = browser.new_page(viewport=VIEWPORT)
        page.add_init_script(OBSERVE_LONG_TASKS)
        page.goto(f"{server.url}/{HASH}")
        result = measure(page, args.seconds)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
