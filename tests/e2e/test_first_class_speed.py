"""First class: play trains at least as fast as TensorFlow Playground (one epoch per frame) by
default, and a Speed menu goes slower to watch or faster to finish, at once while playing.

Frames are counted, never seconds: the machine is shared and busy."""

from __future__ import annotations

import json
import urllib.request
from itertools import pairwise
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_playground

pytestmark = pytest.mark.e2e

# Records every frame the page receives ([step, epoch]) and every distinct frame it paints.
RECORD = """() => {
    const seen = window.__seen = {received: [], painted: []};
    const store = window.playground.store;
    store.on("frame", (f) => { if (f.playing) seen.received.push([f.step, f.epoch]); });
    store.on("paint", ({frame}) => {
        const last = seen.painted[seen.painted.length - 1];
        const fresh = !last || last[0] !== frame?.step;
        if (frame?.playing && fresh) seen.painted.push([frame.step, frame.epoch]);
    });
}"""


def session_pace(page: Page, server_url: str) -> tuple[int, int]:
    """(fps, steps_per_frame) of the run as the server holds it."""
    session_id = page.evaluate("window.playground.session")
    with urllib.request.urlopen(f"{server_url}/api/sessions/{session_id}", timeout=10) as r:
        body: dict[str, Any] = json.load(r)
    return body["fps"], body["steps_per_frame"]


def step_deltas(page: Page, start: int = 0) -> list[int]:
    """Steps between consecutive received frames, from the `start`-th frame on."""
    received = page.evaluate("window.__seen.received")[start:]
    return [b[0] - a[0] for a, b in pairwise(received) if b[0] > a[0]]


def test_by_default_play_trains_at_least_one_epoch_per_painted_frame(page: Page) -> None:
    page.evaluate(RECORD)
    page.click("#play")
    page.wait_for_function("window.__seen.painted.length >= 60", timeout=60_000)
    painted = page.evaluate("window.__seen.painted")
    frames, epoch = len(painted), painted[-1][1]
    page.click("#play")
    assert epoch >= frames >= 60
    assert int(page.locator("#epoch").text_content() or "0") >= 60


def test_the_speed_menu_changes_the_steps_per_frame_while_playing(
    page: Page, server_url: str
) -> None:
    speed = page.locator("#speed")
    assert speed.locator("option").evaluate_all("os => os.map(o => o.value)") == [
        "slow",
        "normal",
        "fast",
        "fastest",
    ]
    expect(speed).to_have_value("normal")
    speed.select_option("slow")
    page.evaluate(RECORD)
    page.click("#play")
    page.wait_for_function("window.__seen.received.length >= 8", timeout=60_000)
    assert min(step_deltas(page)) == 1
    assert session_pace(page, server_url)[1] == 1
    assert "speed=slow" in page.url

    speed.select_option("fast")  # while playing: no pause, no second press of play
    for _ in range(100):  # the server has the new pace once the page re-posted play
        if session_pace(page, server_url)[1] != 1:
            break
        page.wait_for_timeout(100)
    assert session_pace(page, server_url)[1] == 90  # five epochs of 180 points in batches of 10
    start = page.evaluate("window.__seen.received.length") + 2  # a frame already being built
    page.wait_for_function(f"window.__seen.received.length >= {start + 6}", timeout=60_000)
    fast = step_deltas(page, start)
    page.click("#play")
    assert fast and min(fast) == 90
    assert all(delta % 90 == 0 for delta in fast)  # a lagging viewer may skip frames, never steps


def test_the_speed_travels_in_the_link(page: Page, server_url: str) -> None:
    open_playground(page, f"{server_url}/#speed=fastest")
    expect(page.locator("#speed")).to_have_value("fastest")
    page.click("#play")
    page.wait_for_function("window.playground.playing === true")
    page.wait_for_function("(window.playground.latest?.step ?? 0) > 0")
    fps, steps = session_pace(page, server_url)
    page.click("#play")
    assert steps == 100  # the server's most per frame (batches of 10 are cheap)
    assert fps == 60
