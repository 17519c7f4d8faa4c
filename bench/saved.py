"""Benchmark playing sessions with snapshots on against the same in memory, and print JSON.

100 sessions (default) each play at 10 fps with one viewer while a client makes REST calls on
another session, first on a server whose database is a temporary file (NN_PLAYGROUND_DB, the
default NN_PLAYGROUND_SNAPSHOT_SECONDS: every playing session changes, so every round writes it),
then on one with NN_PLAYGROUND_DB=:memory:, in the same run. For each: frames per second per
session (min, mean; target >= 9.5) and the REST p50 / p95 in ms (target p95 < 100 ms); for the file,
the sessions it holds after a graceful stop (the snapshots really were on).

Usage: python bench/saved.py [--sessions 100] [--fps 10] [--seconds 10] [--resolution 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.live

from bench.server import Viewer, create_session, p95, rest_latencies
from tests.live import ServerProcess

TARGET_FPS = 9.5
TARGET_P95_MS = 100.0
LIMITS = {
    "NN_PLAYGROUND_MAX_SESSIONS": "1000",
    "NN_PLAYGROUND_MAX_VIEWERS": "4",
    "NN_PLAYGROUND_MAX_SESSIONS_PER_CLIENT": "1000",
    "NN_PLAYGROUND_MAX_STREAMS_PER_CLIENT": "1000",
}


async def playing_crowd(
    base: str, sessions: int, fps: int, seconds: float, resolution: int
) -> dict[str, Any]:
    """Start `sessions` playing sessions with a viewer each, then measure for `seconds`."""
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with (
        httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as players,
        httpx.AsyncClient(base_url=base, timeout=60) as rest,
    ):
        probe = await create_session(rest)
        viewers: list[Viewer] = []
        for _ in range(sessions):
            session = await create_session(players)
            viewer = Viewer()
            url = f"/api/sessions/{session}/stream?resolution={resolution}"
            viewer.task = asyncio.create_task(viewer.watch(players, url))
            play = await players.post(f"/api/sessions/{session}/play", json={"fps": fps})
            play.raise_for_status()
            viewers.append(viewer)
        await asyncio.sleep(2.0)  # settle; and the first snapshot round has begun
        counts = [viewer.frames for viewer in viewers]
        start = time.perf_counter()
        latencies = await rest_latencies(rest, probe, seconds)
        elapsed = time.perf_counter() - start
        rates = [(v.frames - c) / elapsed for v, c in zip(viewers, counts, strict=True)]
        for viewer in viewers:
            if viewer.task is not None:
                viewer.task.cancel()
        await asyncio.gather(*(v.task for v in viewers if v.task), return_exceptions=True)
    return {
        "min_fps": round(min(rates), 2),
        "mean_fps": round(statistics.fmean(rates), 2),
        "sessions_at_target_fps": sum(rate >= TARGET_FPS for rate in rates),
        "rest_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "rest_p95_ms": round(p95(latencies) * 1000, 1),
        "rest_calls": len(latencies),
        "held": min(rates) >= TARGET_FPS and p95(latencies) * 1000 < TARGET_P95_MS,
    }


def stored_sessions(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        (count,) = connection.execute("SELECT count(*) FROM sessions").fetchone()
    connection.close()
    return int(count)


def measure(db: str, args: argparse.Namespace) -> dict[str, Any]:
    env = {**LIMITS, "NN_PLAYGROUND_DB": db}
    with ServerProcess(env) as server:
        result = asyncio.run(
            playing_crowd(server.url, args.sessions, args.fps, args.seconds, args.resolution)
        )
    return {"db": "a temporary file" if db != ":memory:" else db, **result}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--fps", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--resolution", type=int, default=50)
    args = parser.parse_args()
    os.environ.pop("NN_PLAYGROUND_SNAPSHOT_SECONDS", None)  # the default, as the issue asks
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        on_file = measure(str(path), args)
        on_file["sessions_in_file"] = stored_sessions(path)
    in_memory = measure(":memory:", args)
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "sessions": args.sessions,
        "fps": args.fps,
        "resolution": args.resolution,
        "targets": {"min_fps": TARGET_FPS, "rest_p95_ms": TARGET_P95_MS},
        "snapshots_on": on_file,
        "in_memory": in_memory,
        "p95_ms_added_by_snapshots": round(on_file["rest_p95_ms"] - in_memory["rest_p95_ms"], 1),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
