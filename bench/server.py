"""Benchmark the server on loopback and print JSON.

1. One playing session streamed at resolution 100: frames per second and bytes per frame.
2. The heaviest single requests the limits allow, in seconds.
3. Capacity: ramp up sessions that each play at 10 fps with one viewer, while a client makes REST
   calls on another session; report the largest count where every session kept >= 90 % of its
   frame rate and the REST p95 latency stayed under 100 ms.
4. Grid memory, on a fresh server: 200 sessions of the largest network each ask for boundaries
   at 8 resolutions; the server's peak RSS (target < 1.5 GB), and the grid pass's time against
   the per-session caching pass it replaced (bench/resources.py).
5. Step crowd, on a fresh server: GET p95 on an idle session while 45 long step calls run.

Usage: python bench/server.py [--resolution 100] [--budget 170] [--only resources]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.live

from bench.resources import boundary_memory, grid_times, step_crowd
from tests.live import ServerProcess

FRAME_MARK = b"event: frame\n"
LEVELS = (5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 100, 120, 150, 200)


@dataclass
class Viewer:
    """Counts frames and bytes of one SSE stream without parsing the JSON."""

    frames: int = 0
    bytes: int = 0
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def watch(self, client: httpx.AsyncClient, url: str) -> None:
        tail = b""
        async with client.stream("GET", url) as response:
            async for chunk in response.aiter_raw():
                self.bytes += len(chunk)
                window = tail + chunk
                self.frames += window.count(FRAME_MARK)
                tail = window[-(len(FRAME_MARK) - 1) :]


async def create_session(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/sessions", json={})
    response.raise_for_status()
    session: str = response.json()["id"]
    return session


async def single_session(base: str, resolution: int, fps: int, seconds: float) -> dict[str, Any]:
    """Frames per second and bytes per frame of one playing session."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        session = await create_session(client)
        viewer = Viewer()
        url = f"/api/sessions/{session}/stream?resolution={resolution}"
        viewer.task = asyncio.create_task(viewer.watch(client, url))
        await asyncio.sleep(0.5)
        await client.post(f"/api/sessions/{session}/play", json={"fps": fps})
        await asyncio.sleep(0.5)
        frames0, bytes0, start = viewer.frames, viewer.bytes, time.perf_counter()
        await asyncio.sleep(seconds)
        frames, size = viewer.frames - frames0, viewer.bytes - bytes0
        elapsed = time.perf_counter() - start
        await client.post(f"/api/sessions/{session}/pause")
        viewer.task.cancel()
        await client.delete(f"/api/sessions/{session}")
    return {
        "resolution": resolution,
        "requested_fps": fps,
        "steps_per_frame": 5,
        "fps": round(frames / elapsed, 1),
        "bytes_per_frame": round(size / max(frames, 1)),
        "megabytes_per_second": round(size / elapsed / 1e6, 2),
    }


async def rest_latencies(client: httpx.AsyncClient, session: str, seconds: float) -> list[float]:
    """Latencies of a mix of REST calls on one session, back to back, for `seconds`."""
    calls = [
        ("GET", f"/api/sessions/{session}", None),
        ("POST", f"/api/sessions/{session}/step", {"steps": 10}),
        ("GET", f"/api/sessions/{session}/boundary?resolution=50", None),
        ("POST", f"/api/sessions/{session}/predict", {"points": [[0.5, 0.5], [-1.0, 2.0]]}),
    ]
    latencies = []
    end = time.perf_counter() + seconds
    index = 0
    while time.perf_counter() < end:
        method, url, body = calls[index % len(calls)]
        start = time.perf_counter()
        response = await client.request(method, url, json=body)
        latencies.append(time.perf_counter() - start)
        response.raise_for_status()
        index += 1
        await asyncio.sleep(0.01)
    return latencies


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


async def capacity(
    base: str, resolution: int, fps: int, p95_limit: float, budget: float
) -> dict[str, Any]:
    """Ramp up playing sessions until the REST p95 or the frame rate gives way."""
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    started = time.monotonic()
    levels: list[dict[str, Any]] = []
    held = 0
    async with (
        httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as players,
        httpx.AsyncClient(base_url=base, timeout=60) as rest,
    ):
        probe = await create_session(rest)
        viewers: list[Viewer] = []
        sessions: list[str] = []
        for level in LEVELS:
            if time.monotonic() - started > budget:
                break
            while len(sessions) < level:
                session = await create_session(players)
                viewer = Viewer()
                url = f"/api/sessions/{session}/stream?resolution={resolution}"
                viewer.task = asyncio.create_task(viewer.watch(players, url))
                await players.post(f"/api/sessions/{session}/play", json={"fps": fps})
                sessions.append(session)
                viewers.append(viewer)
            await asyncio.sleep(1.5)
            counts = [viewer.frames for viewer in viewers]
            start = time.perf_counter()
            latencies = await rest_latencies(rest, probe, 4.0)
            elapsed = time.perf_counter() - start
            rates = [(v.frames - c) / elapsed for v, c in zip(viewers, counts, strict=True)]
            ok = p95(latencies) < p95_limit and min(rates) >= 0.9 * fps
            levels.append(
                {
                    "sessions": level,
                    "min_fps": round(min(rates), 1),
                    "mean_fps": round(statistics.fmean(rates), 1),
                    "rest_p50_ms": round(statistics.median(latencies) * 1000, 1),
                    "rest_p95_ms": round(p95(latencies) * 1000, 1),
                    "rest_calls": len(latencies),
                    "held": ok,
                }
            )
            if not ok:
                break
            held = level
        for viewer in viewers:
            if viewer.task is not None:
                viewer.task.cancel()
        await asyncio.gather(*(v.task for v in viewers if v.task), return_exceptions=True)
    return {
        "target_fps": fps,
        "resolution": resolution,
        "rest_p95_limit_ms": p95_limit * 1000,
        "max_sessions_held": held,
        "levels": levels,
    }


# The most expensive run one request may ask for: every limit at its maximum.
WORST_CASE: dict[str, Any] = {
    "data": {"dataset": "blobs", "n_samples": 2000, "n_classes": 6},
    "features": {"inputs": ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]},
    "network": {"hidden_layer_sizes": [16] * 8, "activation": "gelu", "output": "multiclass"},
    "training": {"optimizer": "adam", "dropout": 0.5, "regularization": "l1", "alpha": 0.001},
}


async def worst_case_requests(base: str) -> dict[str, float]:
    """Seconds of the heaviest single requests: the largest step call the limits allow at
    several batch sizes (the step budget is steps x batch size), the largest boundary."""
    seconds: dict[str, float] = {}
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        options = (await client.get("/api/options")).json()["limits"]
        for batch in (1, 100, 2000):
            config = {**WORST_CASE, "training": {**WORST_CASE["training"], "batch_size": batch}}
            session = (await client.post("/api/sessions", json=config)).json()["id"]
            n_train = 1200  # 60 % of 2000 points
            steps = min(
                options["max_steps_per_call"],
                options["max_examples_per_call"] // min(batch, n_train),
            )
            start = time.perf_counter()
            response = await client.post(f"/api/sessions/{session}/step", json={"steps": steps})
            response.raise_for_status()
            seconds[f"step_{steps}_batch_{batch}"] = round(time.perf_counter() - start, 2)
            await client.delete(f"/api/sessions/{session}")
        session = (await client.post("/api/sessions", json=WORST_CASE)).json()["id"]
        url = f"/api/sessions/{session}/boundary?resolution={options['max_resolution']}"
        start = time.perf_counter()
        (await client.get(url + "&neurons=true")).raise_for_status()
        seconds["boundary_max_resolution_neurons"] = round(time.perf_counter() - start, 2)
        await client.delete(f"/api/sessions/{session}")
    return seconds


async def bench(base: str, resolution: int, budget: float) -> dict[str, Any]:
    single = await single_session(base, resolution, 60, 5.0)
    at_30 = await single_session(base, resolution, 30, 3.0)
    worst = await worst_case_requests(base)
    ramp = await capacity(base, resolution, 10, 0.1, budget - 25)
    return {
        "single_session": single,
        "single_session_at_30": at_30,
        "worst_case_request_seconds": worst,
        "capacity": ramp,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolution", type=int, default=100)
    parser.add_argument("--budget", type=float, default=150.0, help="seconds for the whole run")
    parser.add_argument(
        "--only", choices=["resources", "crowd"], help="run only the named sections"
    )
    args = parser.parse_args()
    # Room for the capacity ramp (up to 200 playing sessions), all from this one client.
    limits = {
        "NN_PLAYGROUND_MAX_SESSIONS": "1000",
        "NN_PLAYGROUND_MAX_VIEWERS": "4",
        "NN_PLAYGROUND_MAX_SESSIONS_PER_CLIENT": "1000",
        "NN_PLAYGROUND_MAX_STREAMS_PER_CLIENT": "1000",
    }
    started = time.monotonic()
    results: dict[str, Any] = {}
    if args.only is None:
        with ServerProcess(env=limits) as server:
            results.update(asyncio.run(bench(server.url, args.resolution, args.budget)))
    if args.only in (None, "resources"):
        with ServerProcess(env=limits) as server:  # fresh, so nothing else raised its peak RSS
            assert server.process is not None
            memory = asyncio.run(boundary_memory(server.url, server.process.pid))
        results["grid_memory"] = {**memory, "grid_pass_ms": grid_times()}
    # The crowd names itself in X-Real-IP, so another client can be told apart.
    with ServerProcess(env={**limits, "NN_PLAYGROUND_CLIENT_IP_HEADER": "X-Real-IP"}) as server:
        results["step_crowd"] = asyncio.run(step_crowd(server.url))
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        **results,
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
