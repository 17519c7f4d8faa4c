"""Resource figures of the server, for bench/server.py.

1. Grid memory: sessions of the largest network each ask GET /boundary at eight resolutions;
   the server subprocess's peak resident memory (VmHWM) is read from /proc.
2. Grid time: the engine's grid pass against the per-session caching pass it replaced (feature
   matrix and hidden buffers kept per resolution), timed in turns in this process.
3. Step crowd: 45 parallel POST /step {"steps": 10000} (8 x 16, batch 1) from one client, and
   the latency of GET on an idle session meanwhile (target: p95 < 200 ms), and of one such step
   call by another client (its turn comes first: against the same call on an idle server).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from numpy.typing import NDArray

from engine import Run
from engine.activations import Activation
from engine.features import Standardizer, make_features_into
from engine.inspect import _matmul_rows, grid_points
from engine.losses import Output
from engine.network import Network

F32 = NDArray[np.float32]

# The largest network the server allows, on seven inputs and six classes.
LARGEST: dict[str, Any] = {
    "data": {"dataset": "blobs", "n_samples": 2000, "n_classes": 6},
    "features": {"inputs": ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]},
    "network": {"hidden_layer_sizes": [16] * 8, "activation": "gelu", "output": "multiclass"},
}
ATTACK_RESOLUTIONS = tuple(range(193, 201))
RSS_TARGET_MB = 1500.0
CROWD_RUN: dict[str, Any] = {
    "network": {"hidden_layer_sizes": [16] * 8},
    "training": {"batch_size": 1},
}
GET_P95_TARGET_MS = 200.0


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024  # kB -> MB
    return {"rss_mb": round(fields["VmRSS"], 1), "peak_rss_mb": round(fields["VmHWM"], 1)}


async def boundary_memory(
    base: str, pid: int, sessions: int = 200, concurrency: int = 40
) -> dict[str, Any]:
    """Peak RSS of the server while `sessions` sessions of the largest network each ask for a
    boundary at every resolution of ATTACK_RESOLUTIONS, `concurrency` requests at a time."""
    limits = httpx.Limits(max_connections=concurrency)
    before = memory_mb(pid)
    async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as client:
        ids = []
        for _ in range(sessions):
            response = await client.post("/api/sessions", json=LARGEST)
            response.raise_for_status()
            ids.append(response.json()["id"])
        created = memory_mb(pid)
        gate = asyncio.Semaphore(concurrency)
        latencies: list[float] = []

        async def ask(session: str, resolution: int) -> None:
            async with gate:
                start = time.perf_counter()
                url = f"/api/sessions/{session}/boundary?resolution={resolution}"
                (await client.get(url)).raise_for_status()
                latencies.append(time.perf_counter() - start)

        started = time.perf_counter()
        await asyncio.gather(*(ask(s, r) for s in ids for r in ATTACK_RESOLUTIONS))
        seconds = time.perf_counter() - started
        for session in ids:
            await client.delete(f"/api/sessions/{session}")
    after = memory_mb(pid)
    return {
        "sessions": sessions,
        "resolutions": f"{ATTACK_RESOLUTIONS[0]}..{ATTACK_RESOLUTIONS[-1]}",
        "concurrent_requests": concurrency,
        "rss_at_start_mb": before["rss_mb"],
        "rss_with_sessions_mb": created["rss_mb"],
        "peak_rss_mb": after["peak_rss_mb"],
        "target_peak_rss_mb": RSS_TARGET_MB,
        "held": after["peak_rss_mb"] < RSS_TARGET_MB,
        "boundary_requests": len(latencies),
        "boundary_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "seconds": round(seconds, 1),
    }


class CachedGridPass:
    """The grid pass as it was: standardised float32 features and hidden buffers kept per
    resolution (here for one resolution), one product over all R * R points per layer."""

    def __init__(self, run: Run, resolution: int) -> None:
        self.net: Network = run.net
        inputs = run.config.features.inputs
        standardizer: Standardizer = run._data.standardizer
        raw = make_features_into(
            grid_points(resolution), inputs, np.empty((resolution**2, len(inputs)))
        )
        self.features = standardizer.transform(raw, out=raw).astype(np.float32)
        self.hidden = [np.empty((resolution**2, k), np.float32) for k in self.net.sizes[1:-1]]
        self.resolution = resolution

    def run(self, neurons: bool) -> F32:
        n, r = len(self.features), self.resolution
        hidden = (
            [np.empty((n, k), np.float32) for k in self.net.sizes[1:-1]] if neurons else self.hidden
        )
        out = np.empty((n, self.net.sizes[-1]), dtype=np.float32)
        a = self.features
        activations: list[Activation | Output] = [*self.net.hidden, self.net.output]
        with np.errstate(all="ignore"):
            for layer, (block, activation) in enumerate(
                zip(self.net.layers, activations, strict=True)
            ):
                w = block.T.astype(np.float32)
                z = hidden[layer] if layer < len(hidden) else out
                _matmul_rows(a, w[:-1], z)
                z.reshape(r, -1)[...] += np.tile(w[-1], r)
                activation.forward(z, z)
                a = z
        return out


def grid_times(repeats: int = 60) -> dict[str, Any]:
    """Median ms of one grid pass of the largest network, cached (as it was) and now, taking
    turns so that load from other processes hits both alike."""
    run = Run(LARGEST)
    run.train(steps=50)
    results: dict[str, Any] = {}
    for resolution in (50, 100, 200):
        cached = CachedGridPass(run, resolution)
        for neurons in (False, True):
            same = np.array_equal(
                cached.run(neurons), run.grid(resolution, neurons).output.reshape(-1, 6)
            )
            before, now = [], []
            for _ in range(repeats):
                start = time.perf_counter()
                cached.run(neurons)
                before.append(time.perf_counter() - start)
                start = time.perf_counter()
                run.grid(resolution, neurons)
                now.append(time.perf_counter() - start)
            old, new = statistics.median(before) * 1e3, statistics.median(now) * 1e3
            results[f"{resolution}{'_neurons' if neurons else ''}"] = {
                "cached_ms": round(old, 2),
                "now_ms": round(new, 2),
                "ratio": round(new / old, 3),
                "identical_output": same,
            }
    return results


async def step_crowd(base: str, calls: int = 45, seconds: float = 10.0) -> dict[str, Any]:
    """GET latency on an idle session while `calls` long step calls run or wait their turn.
    The crowd is not waited for: the caller stops the server afterwards."""
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with (
        httpx.AsyncClient(
            base_url=base, timeout=600, limits=limits, headers={"X-Real-IP": "10.0.0.1"}
        ) as crowd,
        httpx.AsyncClient(base_url=base, timeout=600, headers={"X-Real-IP": "10.0.0.2"}) as probe,
    ):
        idle = (await probe.post("/api/sessions", json={})).json()["id"]
        busy = [
            (await crowd.post("/api/sessions", json=CROWD_RUN)).json()["id"] for _ in range(calls)
        ]
        alone = time.perf_counter()
        (
            await crowd.post(f"/api/sessions/{busy[0]}/step", json={"steps": 10_000})
        ).raise_for_status()
        alone = time.perf_counter() - alone
        steps = [
            asyncio.create_task(crowd.post(f"/api/sessions/{s}/step", json={"steps": 10_000}))
            for s in busy
        ]
        await asyncio.sleep(1.0)
        latencies = []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            start = time.perf_counter()
            (await probe.get(f"/api/sessions/{idle}")).raise_for_status()
            latencies.append(time.perf_counter() - start)
            await asyncio.sleep(0.05)
        other = (await probe.post("/api/sessions", json=CROWD_RUN)).json()["id"]
        other_step = time.perf_counter()
        (await probe.post(f"/api/sessions/{other}/step", json={"steps": 10_000})).raise_for_status()
        other_step = time.perf_counter() - other_step
        finished = sum(task.done() for task in steps)
        for task in steps:
            task.cancel()
        await asyncio.gather(*steps, return_exceptions=True)
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    return {
        "step_calls": calls,
        "step_call_alone_s": round(alone, 2),
        "other_client_step_call_s": round(other_step, 2),
        "step_calls_finished_while_probing": finished,
        "get_calls": len(latencies),
        "get_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "get_p95_ms": round(p95, 1),
        "get_max_ms": round(max(latencies) * 1000, 1),
        "target_get_p95_ms": GET_P95_TARGET_MS,
        "held": p95 < GET_P95_TARGET_MS,
    }
