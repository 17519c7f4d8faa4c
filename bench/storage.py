"""Benchmark saved runs and print JSON.

1. Snapshot cost: sessions of the default network and of the largest one (8 hidden layers of 16),
   each trained between rounds so every round writes every session; milliseconds per session per
   write (taking the document under the lock, encoding, and the one-transaction write), and the
   stored kilobytes per session (compressed row, and the file itself).
2. Cold start: the `nn-playground` command on a file holding 1,000 stored sessions against the
   same command on an empty file, measured in the same run: seconds until /health answers
   (sessions load lazily, on their first request).

Usage: python bench/storage.py [--sessions 50] [--stored 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.live

from app.core.config import Settings
from app.sessions.store import SessionStore
from app.storage.codec import encode
from app.storage.database import Database, StoredSession
from engine import Run
from tests.live import ServerProcess

LARGEST = {"network": {"hidden_layer_sizes": [16] * 8}}


async def snapshot_cost(config: dict[str, Any], count: int, rounds: int) -> dict[str, float]:
    """Per-session write time (median round) and stored size for `count` sessions of `config`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        store = SessionStore(Settings(db=str(path)))
        store.storage.open()
        sessions = [await store.create(partial(Run, config), f"c{i}") for i in range(count)]
        times = []
        for _ in range(rounds):
            for session in sessions:
                await session.call(partial(session.run.train, 50))
            started = time.perf_counter()
            written = await store.snapshots.save(sessions)
            times.append((time.perf_counter() - started) / written)
        stored = await store.storage.run(Database.session_bytes)
        await store.close()
        file_bytes = sum(p.stat().st_size for p in Path(folder).iterdir())
    times.sort()
    return {
        "sessions": count,
        "ms_per_session_write": round(times[len(times) // 2] * 1000, 3),
        "kb_per_session_row": round(stored / count / 1024, 2),
        "kb_per_session_file": round(file_bytes / count / 1024, 2),
    }


def fill(path: Path, stored: int) -> None:
    """A database file holding `stored` sessions (copies of one trained run under new ids)."""
    run = Run({})
    run.train(500)
    document = encode(run.to_dict())
    database = Database(str(path))
    now = time.time()
    rows = (StoredSession(f"bench-{i:05d}", document, 30, 5, now) for i in range(stored))
    database.save_sessions(rows)
    database.close()


def cold_start(path: Path) -> float:
    """Seconds from starting the command to /health answering, on this file."""
    started = time.perf_counter()
    with ServerProcess({"NN_PLAYGROUND_DB": str(path)}, cli=True):
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--stored", type=int, default=1000)
    args = parser.parse_args()
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}
    }
    report["snapshot_default_network"] = asyncio.run(snapshot_cost({}, args.sessions, args.rounds))
    report["snapshot_largest_network"] = asyncio.run(
        snapshot_cost(LARGEST, args.sessions, args.rounds)
    )
    with tempfile.TemporaryDirectory() as folder:
        empty, full = Path(folder) / "empty.db", Path(folder) / "full.db"
        Database(str(empty)).close()
        fill(full, args.stored)
        report["cold_start"] = {
            "stored_sessions": args.stored,
            "file_mb": round(full.stat().st_size / 2**20, 2),
            "health_seconds_empty_file": round(cold_start(empty), 2),
            "health_seconds_with_stored": round(cold_start(full), 2),
        }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
