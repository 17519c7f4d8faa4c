"""Many sessions at once on a real server: results stay exact, the event loop stays free."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from app.sessions.messages import NO_MESSAGE
from engine import Run
from tests.app.conftest import SMALL_RUN, LiveServer
from tests.app.sse import frames

TIMEOUT = httpx.Timeout(30.0)
SESSIONS = 10
CALLS = 5
STEPS = 60


def _sequential_reference() -> tuple[dict[str, Any], dict[str, Any]]:
    run = Run(SMALL_RUN)
    for _ in range(CALLS):
        run.train(steps=STEPS)
    return run.metrics(), run.history()


def _train_one(base: str) -> tuple[dict[str, Any], dict[str, Any]]:
    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
        session = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
        for _ in range(CALLS):
            response = client.post(f"/api/sessions/{session}/step", json={"steps": STEPS})
            assert response.status_code == 200
        history = client.get(f"/api/sessions/{session}/history").json()
        metrics = client.get(f"/api/sessions/{session}").json()["metrics"]
        client.delete(f"/api/sessions/{session}")
    return metrics, history


def _watch_playing(base: str, seen: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
        session = client.post("/api/sessions", json={}).json()["id"]
        client.post(f"/api/sessions/{session}/play", json={"fps": 30, "steps_per_frame": 5})
        with client.stream("GET", f"/api/sessions/{session}/stream?resolution=60") as response:
            stream = frames(response)
            for frame in stream:
                seen.append(frame["step"])
                if len(seen) >= 15:
                    break
        client.post(f"/api/sessions/{session}/pause")


def test_concurrent_sessions_match_a_sequential_run(live_server: LiveServer) -> None:
    metrics, history = _sequential_reference()
    streamed: list[list[int]] = [[] for _ in range(3)]
    watchers = [
        threading.Thread(target=_watch_playing, args=(live_server.url, seen)) for seen in streamed
    ]
    for watcher in watchers:
        watcher.start()
    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        results = list(pool.map(lambda _: _train_one(live_server.url), range(SESSIONS)))
    for watcher in watchers:
        watcher.join(timeout=30)
    for got_metrics, got_history in results:
        assert got_metrics == {**metrics, "playing": False, **NO_MESSAGE}
        assert got_history == history
    for seen in streamed:
        assert len(seen) >= 15
        assert seen == sorted(seen)


def test_concurrent_steps_on_one_session_are_serialised(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=TIMEOUT) as client:
        session = client.post("/api/sessions", json=SMALL_RUN).json()["id"]

    def step(_: int) -> int:
        with httpx.Client(base_url=live_server.url, timeout=TIMEOUT) as client:
            answer = client.post(f"/api/sessions/{session}/step", json={"steps": 25})
            assert answer.status_code == 200
            value: int = answer.json()["step"]
            return value

    with ThreadPoolExecutor(max_workers=8) as pool:
        reached = sorted(pool.map(step, range(16)))
    assert reached == [25 * (i + 1) for i in range(16)]
    reference = Run(SMALL_RUN)
    for _ in range(16):
        reference.train(steps=25)
    final = httpx.get(f"{live_server.url}/api/sessions/{session}", timeout=TIMEOUT).json()
    assert final["metrics"]["train_loss"] == reference.metrics()["train_loss"]


def test_the_event_loop_answers_while_sessions_train(live_server: LiveServer) -> None:
    config = {"data": {"n_samples": 2000}, "training": {"batch_size": 1}}
    with httpx.Client(base_url=live_server.url, timeout=TIMEOUT) as client:
        sessions = [client.post("/api/sessions", json=config).json()["id"] for _ in range(4)]
        other = client.post("/api/sessions", json=SMALL_RUN).json()["id"]

    def heavy(session: str) -> None:
        with httpx.Client(base_url=live_server.url, timeout=TIMEOUT) as client:
            answer = client.post(f"/api/sessions/{session}/step", json={"steps": 10_000})
            assert answer.status_code == 200, answer.text

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(heavy, session) for session in sessions]
        time.sleep(0.1)
        with httpx.Client(base_url=live_server.url, timeout=TIMEOUT) as client:
            for path in ["/health", f"/api/sessions/{other}"] * 10:
                assert client.get(path).status_code == 200
        for future in futures:
            future.result()
