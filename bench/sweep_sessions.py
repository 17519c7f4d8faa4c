"""Sessions' frame rate while a sweep runs: 10 sessions playing at 10 fps on a real server
(uvicorn subprocess, NN_PLAYGROUND_SWEEP_WORKERS=2), each with one viewer, measured first with no
sweep (the baseline) and then while a 2-worker sweep runs, in the same run. Target: >= 90 % of
the baseline's frames per second. Called by bench/sweep.py (`--only sessions`).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from bench.server import Viewer, create_session
from tests.live import ServerProcess

SESSIONS = 10
FPS = 10
RESOLUTION = 50
BACKGROUND_SWEEP: dict[str, Any] = {
    "grid": {"training.learning_rate": [0.01, 0.03, 0.1, 0.3]},
    "seeds": 100,
    "budget": {"epochs": 1000},
    "curve_points": 50,
}
"""400 runs of the default network: far longer than a measurement, cancelled after it."""


async def _frames_per_second(viewers: list[Viewer], seconds: float) -> list[float]:
    before, start = [v.frames for v in viewers], time.perf_counter()
    await asyncio.sleep(seconds)
    elapsed = time.perf_counter() - start
    return [(v.frames - b) / elapsed for v, b in zip(viewers, before, strict=True)]


async def _wait_running(client: httpx.AsyncClient, sweep_id: str) -> None:
    """Until the sweep has started and finished a first chunk (the pool is at work)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        answer = (await client.get(f"/api/sweeps/{sweep_id}")).json()
        if answer["status"] == "running" and answer["done"] > 0:
            return
        await asyncio.sleep(0.2)
    raise RuntimeError("the background sweep never got going")


def _summary(rates: list[float]) -> dict[str, float]:
    return {
        "mean_fps": round(sum(rates) / len(rates), 2),
        "min_fps": round(min(rates), 2),
    }


async def _measure(base: str, seconds: float) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        viewers: list[Viewer] = []
        for _ in range(SESSIONS):
            session = await create_session(client)
            viewer = Viewer()
            url = f"/api/sessions/{session}/stream?resolution={RESOLUTION}"
            viewer.task = asyncio.create_task(viewer.watch(client, url))
            viewers.append(viewer)
            await client.post(f"/api/sessions/{session}/play", json={"fps": FPS})
        await asyncio.sleep(2.0)  # every loop at its pace
        alone = await _frames_per_second(viewers, seconds)
        created = await client.post("/api/sweeps", json=BACKGROUND_SWEEP)
        created.raise_for_status()
        sweep_id = created.json()["id"]
        await _wait_running(client, sweep_id)
        with_sweep = await _frames_per_second(viewers, seconds)
        progress = (await client.get(f"/api/sweeps/{sweep_id}")).json()
        await client.delete(f"/api/sweeps/{sweep_id}")
        for viewer in viewers:
            assert viewer.task is not None
            viewer.task.cancel()
    base_mean = sum(alone) / len(alone)
    sweep_mean = sum(with_sweep) / len(with_sweep)
    return {
        "sessions": SESSIONS,
        "requested_fps": FPS,
        "resolution": RESOLUTION,
        "seconds_each": seconds,
        "without_sweep": _summary(alone),
        "with_sweep": _summary(with_sweep),
        "sweep_runs_done_meanwhile": progress["done"],
        "ratio": round(sweep_mean / base_mean, 3),
        "target_ratio": 0.9,
    }


def sessions_fps_with_sweep(seconds: float = 10.0) -> dict[str, Any]:
    """The figure, on a fresh server process."""
    env = {"NN_PLAYGROUND_SWEEP_WORKERS": "2", "NN_PLAYGROUND_DB": ":memory:"}
    with ServerProcess(env) as server:
        return asyncio.run(_measure(server.url, seconds))
