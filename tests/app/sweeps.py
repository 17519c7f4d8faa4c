"""Waiting for a sweep in the sweep tests: poll its GET until it reads one of some statuses."""

from __future__ import annotations

import time
from typing import Any, Protocol

ENDED = ("done", "cancelled", "failed")
"""The statuses a sweep ends in."""


class _Getter(Protocol):
    def get(self, url: str) -> Any: ...


def wait_for_status(
    client: _Getter, sweep_id: str, statuses: tuple[str, ...] = ENDED, within: float = 120.0
) -> Any:
    """The sweep's answer once its status is one of `statuses`; fail after `within` seconds
    (a deadline against a hang, generous enough for a busy machine, never a speed claim)."""
    deadline = time.monotonic() + within
    while True:
        answer = client.get(f"/api/sweeps/{sweep_id}").json()
        if answer["status"] in statuses:
            return answer
        assert time.monotonic() < deadline, f"still {answer['status']} after {within} s"
        time.sleep(0.02)
