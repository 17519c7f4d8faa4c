"""The live stream against a real uvicorn on loopback: real SSE frames, several viewers."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.core.config import Settings
from app.main import create_app
from tests.app.conftest import DIVERGING, SMALL_RUN, LiveServer
from tests.app.sse import decode, frames

TIMEOUT = httpx.Timeout(10.0)


def _create(base: str, config: dict[str, Any] | None = None) -> str:
    response = httpx.post(f"{base}/api/sessions", json=config or SMALL_RUN, timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    identifier: str = response.json()["id"]
    return identifier


def _take(stream: Iterator[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    return [next(stream) for _ in range(count)]


def _viewers(base: str, session: str) -> int:
    count: int = httpx.get(f"{base}/api/sessions/{session}", timeout=TIMEOUT).json()["viewers"]
    return count


def _wait_viewers(base: str, session: str, expected: int) -> None:
    deadline = time.monotonic() + 30
    while _viewers(base, session) != expected:
        assert time.monotonic() < deadline, f"viewers never became {expected}"
        time.sleep(0.02)


def test_one_frame_on_connect_when_idle(live_server: LiveServer) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, params={"resolution": 12}, timeout=TIMEOUT) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        first = next(frames(response))
    assert (first["step"], first["status"], first["playing"]) == (0, "idle", False)
    assert first["grid"]["resolution"] == 12
    assert decode(first["grid"]).shape == (12, 12, 1)
    assert "neurons" not in first and "weights" not in first
    assert len(first["layers"]) == 2


def test_frames_arrive_while_playing_and_steps_increase(live_server: LiveServer) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, params={"resolution": 30}, timeout=TIMEOUT) as response:
        stream = frames(response)
        assert next(stream)["playing"] is False
        play = httpx.post(
            f"{base}/api/sessions/{session}/play",
            json={"fps": 30, "steps_per_frame": 2},
            timeout=TIMEOUT,
        )
        assert play.status_code == 200
        received = _take(stream, 8)
    steps = [frame["step"] for frame in received if frame["playing"]]
    assert len(steps) >= 6
    assert steps == sorted(steps) and len(set(steps)) == len(steps)
    assert all(b > a and (b - a) % 2 == 0 for a, b in itertools.pairwise(steps))
    for frame in received:
        assert frame["grid"]["encoding"] == "uint8-base64"
        assert decode(frame["grid"]).shape == (30, 30, 1)
        assert frame["status"] in ("running", "idle")
    httpx.post(f"{base}/api/sessions/{session}/pause", timeout=TIMEOUT)


def test_play_sends_one_frame_per_tick_of_its_steps(live_server: LiveServer) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, params={"resolution": 8}, timeout=TIMEOUT) as response:
        stream = frames(response)
        next(stream)
        play = {"fps": 10, "steps_per_frame": 3}
        httpx.post(f"{base}/api/sessions/{session}/play", json=play, timeout=TIMEOUT)
        first = next(stream)
        received = _take(stream, 10)
    httpx.post(f"{base}/api/sessions/{session}/pause", timeout=TIMEOUT)
    assert received[-1]["step"] - first["step"] == 30


def test_neurons_and_weights_on_request(live_server: LiveServer) -> None:
    base = live_server.url
    session = _create(base, {"network": {"hidden_layer_sizes": [3, 2]}})
    params: dict[str, str | int] = {
        "resolution": 20,
        "neurons": "true",
        "neuron_resolution": 10,
        "weights": "true",
    }
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, params=params, timeout=TIMEOUT) as response:
        first = next(frames(response))
    assert [(g["resolution"], g["channels"]) for g in first["neurons"]] == [(10, 3), (10, 2)]
    for grid in first["neurons"]:
        assert decode(grid).shape == (10, 10, grid["channels"])
    assert [len(layer["W"]) for layer in first["weights"]] == [3, 2, 1]
    assert [len(layer["W"][0]) for layer in first["weights"]] == [2, 3, 2]


def test_several_viewers_get_the_same_frames(live_server: LiveServer) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    results: dict[int, list[dict[str, Any]]] = {}

    def watch(index: int) -> None:
        with httpx.stream("GET", url, params={"resolution": 16}, timeout=TIMEOUT) as response:
            results[index] = _take(frames(response), 6)

    threads = [threading.Thread(target=watch, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    _wait_viewers(base, session, 3)
    httpx.post(f"{base}/api/sessions/{session}/play", json={"fps": 20}, timeout=TIMEOUT)
    for thread in threads:
        thread.join(timeout=20)
    httpx.post(f"{base}/api/sessions/{session}/pause", timeout=TIMEOUT)
    assert sorted(results) == [0, 1, 2]
    by_step = [{f["step"]: f["grid"]["data"] for f in frames_} for frames_ in results.values()]
    shared = set(by_step[0]) & set(by_step[1]) & set(by_step[2])
    assert len(shared) >= 3
    for step in shared:
        assert by_step[0][step] == by_step[1][step] == by_step[2][step]


def test_disconnect_frees_the_viewer_and_the_session_keeps_playing(
    live_server: LiveServer,
) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    httpx.post(f"{base}/api/sessions/{session}/play", json={"fps": 30}, timeout=TIMEOUT)
    with httpx.stream("GET", url, timeout=TIMEOUT) as response:
        stream = frames(response)
        _take(stream, 3)
        assert _viewers(base, session) == 1
    _wait_viewers(base, session, 0)
    before = httpx.get(f"{base}/api/sessions/{session}", timeout=TIMEOUT).json()
    time.sleep(0.2)
    after = httpx.get(f"{base}/api/sessions/{session}", timeout=TIMEOUT).json()
    assert before["playing"] and after["playing"]
    assert after["metrics"]["step"] > before["metrics"]["step"]
    httpx.post(f"{base}/api/sessions/{session}/pause", timeout=TIMEOUT)


def test_a_step_while_idle_is_pushed_to_viewers(live_server: LiveServer) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, timeout=TIMEOUT) as response:
        stream = frames(response)
        assert next(stream)["step"] == 0
        httpx.post(f"{base}/api/sessions/{session}/step", json={"steps": 7}, timeout=TIMEOUT)
        assert next(stream)["step"] == 7


def test_deleting_the_session_ends_its_streams(live_server: LiveServer) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, timeout=TIMEOUT) as response:
        stream = frames(response)
        next(stream)
        assert httpx.delete(f"{base}/api/sessions/{session}", timeout=TIMEOUT).status_code == 204
        assert list(stream) == []


def test_quiet_streams_get_keepalive_comments(live_server: LiveServer) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, timeout=TIMEOUT) as response:
        lines = response.iter_lines()
        seen = []
        for line in lines:
            seen.append(line)
            if line.startswith(": ping"):
                break
    assert seen[0] == "event: frame"


def test_stream_errors_are_plain_json(live_server: LiveServer) -> None:
    base = live_server.url
    missing = httpx.get(f"{base}/api/sessions/nope/stream", timeout=TIMEOUT)
    assert missing.status_code == 404
    session = _create(base)
    bad = httpx.get(
        f"{base}/api/sessions/{session}/stream", params={"resolution": 500}, timeout=TIMEOUT
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "resolution"]


def test_too_many_viewers_is_429() -> None:
    with LiveServer(create_app(Settings(max_viewers=1))) as server:
        session = _create(server.url)
        url = f"{server.url}/api/sessions/{session}/stream"
        with httpx.stream("GET", url, timeout=TIMEOUT) as response:
            stream = frames(response)
            next(stream)
            second = httpx.get(url, timeout=TIMEOUT)
            assert second.status_code == 429
            assert second.json()["detail"].startswith("this session already has its maximum of 1")


def test_streams_across_sessions_are_capped_with_503() -> None:
    with LiveServer(create_app(Settings(max_streams=1))) as server:
        first, second = _create(server.url), _create(server.url)
        url = f"{server.url}/api/sessions/{{}}/stream"
        with httpx.stream("GET", url.format(first), timeout=TIMEOUT) as response:
            stream = frames(response)  # kept referenced: a collected generator closes the stream
            next(stream)
            refused = httpx.get(url.format(second), timeout=TIMEOUT)
            assert refused.status_code == 503
            assert refused.json()["detail"].startswith("the server already serves its maximum of 1")
            assert refused.headers["retry-after"] == "5"
        _wait_viewers(server.url, first, 0)
        with httpx.stream("GET", url.format(second), timeout=TIMEOUT) as response:
            assert next(frames(response))["step"] == 0


def test_concurrent_connects_cannot_pass_the_viewer_cap_together() -> None:
    async def connect_many(base: str, session: str) -> list[int]:
        async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as client:

            async def connect() -> int:
                async with client.stream("GET", f"/api/sessions/{session}/stream") as response:
                    await asyncio.sleep(0.5)
                    return response.status_code

            return await asyncio.gather(*(connect() for _ in range(10)))

    with LiveServer(create_app(Settings(max_viewers=2))) as server:
        session = _create(server.url)
        codes = asyncio.run(connect_many(server.url, session))
        assert sorted(codes) == [200, 200] + [429] * 8
        _wait_viewers(server.url, session, 0)


def test_a_diverging_run_says_so_in_its_frames(live_server: LiveServer) -> None:
    base = live_server.url
    session = _create(base, DIVERGING)
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, params={"resolution": 8}, timeout=TIMEOUT) as response:
        stream = frames(response)
        assert next(stream)["status"] == "idle"
        httpx.post(
            f"{base}/api/sessions/{session}/play",
            json={"fps": 60, "steps_per_frame": 20},
            timeout=TIMEOUT,
        )
        frame = next(stream)
        while frame["status"] != "diverged":
            frame = next(stream)
    assert frame["playing"] is False
    assert frame["diverged_at"] is not None
    assert "Lower the learning rate" in frame["message"]
    assert (frame["message_code"], frame["message_params"]) == (
        "diverged",
        {"step": frame["diverged_at"]},
    )
    assert decode(frame["grid"]).shape == (8, 8, 1)


@pytest.mark.parametrize("resolution", [50, 100])
def test_bytes_per_frame_are_about_four_thirds_of_r_squared(
    live_server: LiveServer, resolution: int
) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, params={"resolution": resolution}, timeout=TIMEOUT) as response:
        raw = b""
        for chunk in response.iter_bytes():
            raw += chunk
            if b"\n\n" in raw:
                break
    event = raw.split(b"\n\n")[0]
    assert resolution * resolution * 4 / 3 < len(event) < resolution * resolution * 4 / 3 + 1500


def test_a_streamed_session_is_not_idle_until_its_viewers_leave() -> None:
    settings = Settings(session_ttl=0.3, reap_interval=0.05)
    with LiveServer(create_app(settings)) as server:
        session = _create(server.url)
        store = server.app.state.store
        url = f"{server.url}/api/sessions/{session}/stream"
        with httpx.stream("GET", url, timeout=TIMEOUT) as response:
            stream = frames(response)
            next(stream)
            time.sleep(0.6)
            assert len(store) == 1
        deadline = time.monotonic() + 30  # generous: a busy machine is slow, never wrong
        while len(store) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(store) == 0


def test_quick_successive_changes_end_on_a_frame_of_the_last_state(
    live_server: LiveServer,
) -> None:
    base = live_server.url
    session = _create(base)
    url = f"{base}/api/sessions/{session}/stream"
    with httpx.stream("GET", url, timeout=TIMEOUT) as response:
        stream = frames(response)
        assert next(stream)["step"] == 0
        with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
            for _ in range(5):
                client.post(f"/api/sessions/{session}/step", json={"steps": 3})
        steps: list[int] = []
        while not steps or steps[-1] != 15:
            steps.append(next(stream)["step"])
    assert steps == sorted(steps)
