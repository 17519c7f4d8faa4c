"""Long calls have their own threads, shared fairly by client; short calls never wait for them."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from app.core.config import Settings
from app.sessions.store import SessionStore
from app.sessions.workers import FairShare
from tests.app.conftest import SMALL_RUN, LiveServer

# About a second of training per call: 10,000 single-example steps of the largest network.
LONG_RUN: dict[str, Any] = {
    "network": {"hidden_layer_sizes": [16] * 8},
    "training": {"batch_size": 1},
}
LONG_STEP = {"steps": 10_000}
LONG_CALLS = 4


@pytest.fixture
def settings() -> Settings:
    return Settings(
        max_sessions=20,
        reap_interval=600.0,
        heavy_threads=2,
        heavy_calls_per_client=2,
        short_threads=2,
    )


def _wait_until(condition: Any, what: str, timeout: float = 60.0) -> None:
    """Poll until `condition()` holds (a deadline only to fail instead of hanging)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.01)


def test_short_calls_do_not_wait_for_other_sessions_long_calls(live_server: LiveServer) -> None:
    store: SessionStore = live_server.app.state.store
    with httpx.Client(base_url=live_server.url, timeout=120) as client:
        idle = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
        busy = [client.post("/api/sessions", json=LONG_RUN).json()["id"] for _ in range(3)]

        def train(index: int) -> int:
            url = f"/api/sessions/{busy[index % len(busy)]}/step"
            with httpx.Client(base_url=live_server.url, timeout=300) as own:
                return own.post(url, json=LONG_STEP).status_code

        with ThreadPoolExecutor(max_workers=LONG_CALLS) as pool:
            crowd: list[Future[int]] = [pool.submit(train, i) for i in range(LONG_CALLS)]
            share = store.workers.share
            # Three sessions' calls reach the two threads; the third waits its turn (the fourth
            # waits for its session). Poll: the calls arrive in no fixed order or time.
            _wait_until(
                lambda: share.in_use == share.places and share.waiting("127.0.0.1") > 0,
                "the long-call threads are full and a call waits for one",
            )

            read = client.get(f"/api/sessions/{idle}")
            assert read.status_code == 200
            assert not any(call.done() for call in crowd)  # not one long call has ended yet

            quick_step = client.post(f"/api/sessions/{idle}/step", json={"steps": 1})
            boundary = client.get(f"/api/sessions/{idle}/boundary?resolution=50")
            assert [quick_step.status_code, boundary.status_code] == [200, 200]
            assert [call.result() for call in crowd] == [200] * LONG_CALLS
    assert share.in_use == 0 and share.waiting("127.0.0.1") == 0


async def _hold(share: FairShare, client: str, log: list[str], release: asyncio.Event) -> None:
    async with share.place(client):
        log.append(client)
        await release.wait()


def _settle() -> Any:
    """Let every ready task run until each waits again."""
    return asyncio.sleep(0)


def test_a_freed_place_goes_to_the_waiting_client_holding_fewest() -> None:
    async def scenario() -> list[str]:
        share = FairShare(places=2, per_client=2)
        log: list[str] = []
        gates = [asyncio.Event() for _ in range(5)]
        tasks = [asyncio.create_task(_hold(share, "a", log, gates[i])) for i in range(4)]
        for _ in range(3):
            await _settle()
        tasks.append(asyncio.create_task(_hold(share, "b", log, gates[4])))
        for _ in range(3):
            await _settle()
        assert log == ["a", "a"] and share.waiting("a") == 2 and share.waiting("b") == 1
        gates[0].set()  # one of a's calls ends: b (holding none) goes before a's third
        for _ in range(5):
            await _settle()
        for gate in gates:
            gate.set()
        await asyncio.gather(*tasks)
        assert share.in_use == 0
        return log

    assert asyncio.run(scenario()) == ["a", "a", "b", "a", "a"]


def test_one_client_never_holds_more_than_its_share() -> None:
    async def scenario() -> tuple[list[str], int]:
        share = FairShare(places=3, per_client=2)
        log: list[str] = []
        release = asyncio.Event()
        tasks = [asyncio.create_task(_hold(share, "a", log, release)) for _ in range(5)]
        for _ in range(3):
            await _settle()
        held_by_a = share.held["a"]
        tasks.append(asyncio.create_task(_hold(share, "b", log, release)))
        for _ in range(3):
            await _settle()
        release.set()
        await asyncio.gather(*tasks)
        return log, held_by_a

    log, held_by_a = asyncio.run(scenario())
    assert held_by_a == 2
    assert log[:3] == ["a", "a", "b"] and sorted(log) == ["a"] * 5 + ["b"]


def test_a_caller_that_gives_up_waiting_leaves_the_line() -> None:
    async def scenario() -> FairShare:
        share = FairShare(places=1, per_client=1)
        log: list[str] = []
        release = asyncio.Event()
        first = asyncio.create_task(_hold(share, "a", log, release))
        await _settle()
        waiting = asyncio.create_task(_hold(share, "b", log, release))
        await _settle()
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        assert share.waiting("b") == 0
        release.set()
        await first
        assert log == ["a"]
        return share

    share = asyncio.run(scenario())
    assert share.in_use == 0
