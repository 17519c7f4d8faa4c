"""A server killed outright (SIGKILL: no shutdown runs) leaves no sweep processes behind: the
forkserver ends when its server's pipe closes, and each pool worker notices its parent is gone
and exits, instead of idling forever."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.app.test_sweeps_stored import MANY, _descendants, _wait
from tests.live import ServerProcess

pytestmark = pytest.mark.timeout(240)


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie left for a parent that does not reap."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _names(pids: list[int]) -> dict[int, str]:
    names = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            names[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return names


def test_killing_the_server_ends_the_forkserver_and_every_pool_worker() -> None:
    env = {"NN_PLAYGROUND_SWEEP_WORKERS": "2"}
    with ServerProcess(env) as server, httpx.Client(base_url=server.url) as client:
        sweep_id = client.post("/api/sweeps", json=MANY).json()["id"]
        assert _wait(client, sweep_id, 1, 120)["status"] == "running"
        assert server.process is not None
        below = _descendants(server.process.pid)
        names = _names(below)
        assert any("forkserver" in name for name in names.values()), names
        assert len(below) >= 3, names  # the forkserver and two workers (and a resource tracker)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        deadline = time.monotonic() + 20
        try:
            while left := [pid for pid in below if _alive(pid)]:
                assert time.monotonic() < deadline, f"still running: {_names(left)}"
                time.sleep(0.1)
        finally:
            for pid in below:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
