"""The server's sweeps: limits, the queue, running them on the sweep executor off the event loop,
cancelling, and keeping them in the database.

One sweep runs at a time on the executor (the local process pool uses every core already);
the others wait as `queued`, and clients take turns: the next sweep started is the oldest queued
one of the client whose last start is the least recent (a client that never started one first).
The executor is made on first use: the local pool (`sweep_workers` processes at a lower priority
than the server, see `engine.sweeps.executors`) or Ray tasks when `ray_address` is set.

What one client can pile up over time is bounded too: `sweeps_per_client_hour` starts, at most
`max_ended_sweeps_in_memory` ended sweeps held in memory (the oldest ended leave first, still
answered from the database) and `max_stored_sweeps` in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import secrets
import time
from collections.abc import Mapping
from typing import Any

import anyio.to_thread
from anyio import CapacityLimiter
from pydantic import ValidationError

from app.core.config import Settings
from app.core.errors import (
    ClientSweepLimit,
    ClientSweepRate,
    InvalidInput,
    ServerSweepLimit,
    SweepNotFound,
)
from app.core.hourly import HourlyQuota
from app.schemas.config import RunConfigIn
from app.storage.storage import Storage
from app.storage.sweeps import StoredSweeps
from app.sweeps.sweep import Sweep
from engine.sweeps import SweepSpec, parse_sweep, run_sweep
from engine.sweeps.executors import Executor, LocalPoolExecutor
from engine.sweeps.runner import Cancelled
from engine.sweeps.spec import SWEEP_FIELDS
from engine.sweeps.spec import SweepTooLarge as EngineSweepTooLarge

__all__ = ["SweepManager"]

logger = logging.getLogger("app.sweeps")

CANCEL_REPEAT = 0.1
"""Seconds between repeated cancel signals while a cancelled sweep's thread winds down."""
SHUTDOWN_WAIT = 2.0
"""Seconds shutdown waits for a cancelled sweep to hand back its runs."""


def _field_of(message: str) -> str:
    """The body field an engine message starts with ("grid['x']: ..." -> "grid")."""
    for name in SWEEP_FIELDS:
        if message.startswith(name):
            return name
    return "body"


def _too_large(message: str) -> InvalidInput:
    """422 `sweep_too_large`, in the shape of every 422 (`detail` a list naming `body`)."""
    return InvalidInput(message, ("body",), code="sweep_too_large")


def _server_limits(spec: SweepSpec, origin: str) -> None:
    """Each cell's config must keep within this server's limits (as POST /api/sessions);
    ValueError naming `origin` (grid, random or base) and the cell."""
    per_cell = len(spec.seeds)
    for cell, params in enumerate(spec.cells):
        try:
            RunConfigIn.model_validate(spec.tasks[cell * per_cell].config)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            shown = ", ".join(f"{path}={value!r}" for path, value in params.items())
            message = first["msg"].removeprefix("Value error, ")
            raise ValueError(f"{origin} cell ({shown}): {where}: {message}") from None


class SweepManager:
    """Every sweep of one app; created with the app, closed at shutdown."""

    def __init__(self, settings: Settings, storage: Storage) -> None:
        self.settings = settings
        self.stored = StoredSweeps(storage, settings.sweep_ttl, settings.max_stored_sweeps)
        self.started = HourlyQuota(settings.sweeps_per_client_hour)
        self.closing = False
        self._sweeps: dict[str, Sweep] = {}
        self._queue: list[Sweep] = []
        self._turns = itertools.count()
        self._last_turn: dict[str, int] = {}
        self._wake: asyncio.Event | None = None
        self._executor: Executor | None = None
        self._current: Sweep | None = None
        self._current_task: asyncio.Task[None] | None = None
        self._limiter = CapacityLimiter(1)

    @property
    def wake(self) -> asyncio.Event:
        """Created on first use, inside the event loop."""
        if self._wake is None:
            self._wake = asyncio.Event()
        return self._wake

    def active(self) -> list[Sweep]:
        """Sweeps queued or running."""
        return [sweep for sweep in self._sweeps.values() if not sweep.ended]

    # ------------------------------------------------------------------------- starting

    def _parse(self, body: Mapping[str, Any]) -> SweepSpec:
        """The checked spec; 422 naming the field, or `sweep_too_large`."""
        try:
            spec = parse_sweep(body)
            _server_limits(spec, next((k for k in ("grid", "random") if k in body), "base"))
        except EngineSweepTooLarge as error:
            raise _too_large(str(error)) from None
        except ValueError as error:
            message = str(error)
            raise InvalidInput(message, loc=("body", _field_of(message))) from None
        s = self.settings
        if spec.total > s.max_sweep_runs:
            raise _too_large(
                f"the sweep has {spec.total} runs; this server takes at most "
                f"{s.max_sweep_runs} runs per sweep (NN_PLAYGROUND_MAX_SWEEP_RUNS)"
            )
        if spec.examples > s.max_sweep_examples:
            raise _too_large(
                f"the sweep would train on {spec.examples:,} examples; this server takes at "
                f"most {s.max_sweep_examples:,} per sweep (NN_PLAYGROUND_MAX_SWEEP_EXAMPLES): "
                "fewer cells, seeds, epochs or points"
            )
        return spec

    def _check_limits(self, client: str) -> None:
        wait = self.started.retry_after(client)
        if wait is not None:
            raise ClientSweepRate(self.started.per_hour, wait)
        active = self.active()
        if len(active) >= self.settings.max_sweeps:
            raise ServerSweepLimit(self.settings.max_sweeps)
        if sum(sweep.client == client for sweep in active) >= self.settings.max_sweeps_per_client:
            raise ClientSweepLimit(self.settings.max_sweeps_per_client)

    async def submit(self, body: Mapping[str, Any], client: str) -> Sweep:
        """Check the sweep and queue it; it starts when the executor is free."""
        self._check_limits(client)
        spec = await anyio.to_thread.run_sync(self._parse, body)
        self._check_limits(client)  # again: other sweeps may have come in meanwhile
        self.started.record(client)
        sweep = Sweep(secrets.token_urlsafe(24), client, body, spec)
        self._sweeps[sweep.id] = sweep
        self._queue.append(sweep)
        self.wake.set()
        return sweep

    # ------------------------------------------------------------------------- finding

    async def find(self, sweep_id: str) -> Sweep:
        """The sweep with this id, from memory or the database; 404 if there is none."""
        sweep = self._sweeps.get(sweep_id)
        if sweep is None and not self.closing:
            sweep = await self.stored.load(sweep_id)
            if sweep is not None:
                sweep = self._sweeps.setdefault(sweep_id, sweep)
                self._forget_oldest_ended()
        if sweep is None:
            raise SweepNotFound(sweep_id, self.settings.sweep_ttl)
        return sweep

    # ------------------------------------------------------------------------- running

    def _executor_now(self) -> Executor:
        """The executor, made on first use (in the sweep thread: Ray may take a while)."""
        if self._executor is None:
            if self.settings.ray_address:
                from engine.sweeps.ray_executor import RayExecutor

                self._executor = RayExecutor(self.settings.ray_address, stacked=True)
            else:
                self._executor = LocalPoolExecutor(self.settings.sweep_workers, stacked=True)
        return self._executor

    def _execute(self, sweep: Sweep) -> None:
        if sweep.cancel_requested:
            raise Cancelled
        run_sweep(sweep.spec, self._executor_now(), sweep.add)

    async def _run(self, sweep: Sweep) -> None:
        """Run one sweep to its end; a cancel is signalled again until the thread returns
        (the executor forgets a signal that came before it started)."""
        sweep.set_status("running")
        work = asyncio.ensure_future(
            anyio.to_thread.run_sync(self._execute, sweep, limiter=self._limiter)
        )
        while not work.done():
            await asyncio.wait([work], timeout=CANCEL_REPEAT)
            if sweep.cancel_requested and self._executor is not None:
                self._executor.cancel()
        try:
            work.result()
        except Cancelled:
            sweep.set_status("cancelled")
        except Exception as error:
            logger.exception("sweep %s failed", sweep.id[:6])
            sweep.set_status("failed", f"the sweep stopped on an error: {error}")
        else:
            sweep.set_status("done")
        await self._keep_ended(sweep)

    def _next(self) -> Sweep | None:
        """Take the next sweep to start: the oldest queued of the client whose last start is
        the least recent (`min` keeps queue order among equals, so oldest first)."""
        waiting = [sweep for sweep in self._queue if not sweep.ended]
        self._queue = waiting
        if not waiting:
            return None
        sweep = min(waiting, key=lambda s: self._last_turn.get(s.client, -math.inf))
        self._queue.remove(sweep)
        self._last_turn[sweep.client] = next(self._turns)
        self._forget_old_turns()
        return sweep

    def _forget_old_turns(self) -> None:
        """Forget the turns of clients with nothing queued or running whose last start came
        before every waiting client's: no order between waiting clients changes, and the map
        only holds clients that took a turn since the queue was last empty."""
        waiting = {sweep.client for sweep in self._queue}
        oldest = min((self._last_turn.get(c, -1) for c in waiting), default=math.inf)
        busy = {sweep.client for sweep in self.active()}
        for client in [c for c, turn in self._last_turn.items() if turn < oldest]:
            if client not in busy:
                del self._last_turn[client]

    async def run_forever(self) -> None:
        """The queue, started by the app's lifespan: one sweep at a time, clients in turn."""
        while True:
            await self.wake.wait()
            self.wake.clear()
            while not self.closing and (sweep := self._next()) is not None:
                self._current = sweep
                self._current_task = asyncio.ensure_future(self._run(sweep))
                try:
                    await asyncio.shield(self._current_task)
                finally:
                    self._current = None

    async def cancel(self, sweep: Sweep) -> None:
        """Stop the sweep; the runs it finished are kept. A running one ends within a second
        (its workers freed); an ended one is left as it is."""
        if sweep.ended:
            return
        sweep.cancel_requested = True
        if sweep is self._current:
            if self._executor is not None:
                self._executor.cancel()
            return
        with contextlib.suppress(ValueError):
            self._queue.remove(sweep)
        sweep.set_status("cancelled")
        await self._keep_ended(sweep)

    # ------------------------------------------------------------------------- keeping

    async def _keep_ended(self, sweep: Sweep) -> None:
        """Write a sweep that just ended, then hold at most `max_ended_sweeps_in_memory`."""
        await self.stored.save(sweep)
        self._forget_oldest_ended()

    def _forget_oldest_ended(self) -> None:
        """Past `max_ended_sweeps_in_memory` ended sweeps, the oldest ended leave memory (only
        those written as they are: `find` brings them back from the database)."""
        ended = [sweep for sweep in self._sweeps.values() if sweep.ended]
        excess = len(ended) - self.settings.max_ended_sweeps_in_memory
        if excess <= 0:
            return
        written = [sweep for sweep in ended if sweep.saved_version == sweep.version]
        written.sort(key=lambda sweep: sweep.ended_at or 0.0)
        for sweep in written[:excess]:
            del self._sweeps[sweep.id]

    def ended_in_memory(self) -> int:
        """Ended sweeps held in memory now."""
        return sum(sweep.ended for sweep in self._sweeps.values())

    async def save_changed(self) -> None:
        """Write the sweeps whose progress changed since they were last written."""
        for sweep in list(self._sweeps.values()):
            if sweep.version != sweep.saved_version:
                await self.stored.save(sweep)

    async def expire(self) -> None:
        """Forget sweeps that ended more than `sweep_ttl` seconds ago."""
        moment = time.time() - self.settings.sweep_ttl
        for sweep in list(self._sweeps.values()):
            if sweep.ended_at is not None and sweep.ended_at < moment:
                del self._sweeps[sweep.id]
        await self.stored.expire()

    async def keep_forever(self, interval: float) -> None:
        """Progress written every `interval` seconds, old sweeps forgotten; from the lifespan."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.save_changed()
                await self.expire()
            except Exception:
                logger.exception("sweep round failed")

    async def close(self) -> None:
        """At shutdown: every queued or running sweep is cancelled and written, the executor's
        workers end. Calling it again is harmless."""
        self.closing = True
        for sweep in self.active():
            await self.cancel(sweep)
        task = self._current_task
        if task is not None and not task.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(task), SHUTDOWN_WAIT)
        await self.save_changed()
        executor, self._executor = self._executor, None
        if executor is not None:
            await anyio.to_thread.run_sync(executor.close)
