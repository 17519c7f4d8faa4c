"""A per-client hourly cap: how many times each client address did something in the last hour.

Share links and sweeps both use it. Each client keeps the moments of its last `per_hour` actions
(a sliding window, not a clock-hour bucket), so a client that used its cap may act again exactly
one hour after its oldest action in the window. Clients idle for an hour are forgotten.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

__all__ = ["HOUR", "HourlyQuota"]

HOUR = 3600.0


class HourlyQuota:
    """At most `per_hour` actions per client in any hour; `clock` is seconds (monotonic)."""

    def __init__(self, per_hour: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_hour = per_hour
        self._clock = clock
        self._moments: dict[str, deque[float]] = {}
        self._pruned_at = clock()

    def retry_after(self, client: str) -> int | None:
        """Whole seconds until `client` may act again, or None if it may now."""
        now = self._clock()
        moments = self._moments.get(client)
        if moments is None:
            return None
        while moments and now - moments[0] >= HOUR:
            moments.popleft()
        if len(moments) < self.per_hour:
            return None
        return max(1, math.ceil(HOUR - (now - moments[0])))

    def record(self, client: str) -> None:
        """Count one action of `client` now (call it once the action is accepted)."""
        now = self._clock()
        self._moments.setdefault(client, deque(maxlen=self.per_hour)).append(now)
        if now - self._pruned_at >= HOUR:
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        """Drop clients whose last action is an hour old: the map grows with active clients only."""
        self._pruned_at = now
        for client in [c for c, moments in self._moments.items() if now - moments[-1] >= HOUR]:
            del self._moments[client]

    def __len__(self) -> int:
        """Clients remembered."""
        return len(self._moments)
