"""One sweep held by the server: its spec, its status and the runs finished so far.

Runs arrive from the executor's thread (`add`); the event loop reads them. A lock keeps the two
apart, and `version` grows on every change so the stream and the database know when to act.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

from engine.sweeps.runner import RunResult
from engine.sweeps.spec import SweepSpec

__all__ = ["ENDED", "Sweep"]

ENDED = ("done", "cancelled", "failed")
"""Statuses a sweep does not leave."""


class Sweep:
    """A sweep's state: `queued` -> `running` -> `done` | `cancelled` | `failed`."""

    def __init__(
        self,
        sweep_id: str,
        client: str,
        body: Mapping[str, Any],
        spec: SweepSpec,
        status: str = "queued",
        results: Mapping[int, RunResult] | None = None,
        error: str | None = None,
        created_at: float | None = None,
    ) -> None:
        self.id, self.client, self.body, self.spec = sweep_id, client, dict(body), spec
        self.status, self.error = status, error
        self.created_at = time.time() if created_at is None else created_at
        self.ended_at: float | None = time.time() if status in ENDED else None
        self.cancel_requested = False
        self.version = 0
        self.saved_version = -1
        self._results: dict[int, RunResult] = dict(results or {})
        self._lock = threading.Lock()

    @property
    def ended(self) -> bool:
        return self.status in ENDED

    @property
    def done(self) -> int:
        """Runs finished (trained to the budget or cut)."""
        return len(self._results)

    def add(self, result: RunResult) -> None:
        """A finished run (called from the executor's thread)."""
        with self._lock:
            self._results[result.index] = result
            self.version += 1

    def results(self) -> list[RunResult]:
        """The finished runs, in task order."""
        with self._lock:
            return [self._results[index] for index in sorted(self._results)]

    def set_status(self, status: str, error: str | None = None) -> None:
        """Move to `status` (an ended sweep stays as it is)."""
        if self.ended:
            return
        self.status, self.error = status, error
        if status in ENDED:
            self.ended_at = time.time()
        with self._lock:
            self.version += 1
