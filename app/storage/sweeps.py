"""Sweeps in the database file: the body a sweep was started with, its status and its runs, so
a reload or a restart still answers it. A sweep still queued or running in a row (the server
stopped without writing its end) comes back `cancelled`, with the runs it had finished."""

from __future__ import annotations

import json
import logging
import time

import anyio.to_thread

from app.storage.codec import decode, encode
from app.storage.database import SweepRow
from app.storage.storage import Storage
from app.sweeps.records import run_from_json, run_to_json
from app.sweeps.sweep import ENDED, Sweep
from engine.sweeps.spec import parse_sweep

__all__ = ["StoredSweeps"]

logger = logging.getLogger("app.storage")


def _row(sweep: Sweep) -> SweepRow:
    """The sweep as a row (compressing its runs: run in a worker thread)."""
    runs = [run_to_json(result) for result in sweep.results()]
    return SweepRow(
        sweep.id,
        sweep.client,
        json.dumps(sweep.body, separators=(",", ":")),
        sweep.status,
        sweep.error,
        encode({"runs": runs}),
        sweep.created_at,
        time.time(),
    )


def _revive(row: SweepRow) -> Sweep:
    """The sweep a row holds; ValueError/KeyError when the row is damaged."""
    body = json.loads(row.body)
    spec = parse_sweep(body)
    results = {}
    for value in decode(row.results)["runs"]:
        result = run_from_json(value)
        results[result.index] = result
    status = row.status if row.status in ENDED else "cancelled"
    sweep = Sweep(row.id, row.client, body, spec, status, results, row.error, row.created_at)
    if row.status in ENDED:
        sweep.saved_version = sweep.version  # the row holds it as it is
    return sweep


class StoredSweeps:
    """Writes and reads the sweeps of one app, at most `max_count` of them (the oldest ended
    go first). With a database file, a running sweep's progress is written too; without one,
    ended sweeps go to the in-memory database (as share links do), so a sweep that left the
    server's memory is still answered there, within the same bound."""

    def __init__(self, storage: Storage, max_age: float, max_count: int) -> None:
        self.storage = storage
        self.max_age = max_age
        self.max_count = max_count

    async def save(self, sweep: Sweep) -> None:
        """Write the sweep as it is now (in memory only once it has ended); after an ended one,
        delete the oldest ended sweeps past `max_count`."""
        if not (self.storage.persistent or sweep.ended):
            return
        version, ended = sweep.version, sweep.ended
        row = await anyio.to_thread.run_sync(_row, sweep)
        if await self.storage.write(lambda db: db.save_sweep(row)):
            sweep.saved_version = version
        if ended:
            await self.trim()

    async def load(self, sweep_id: str) -> Sweep | None:
        """The stored sweep with this id, or None (none, or a damaged row: logged)."""
        row = await self.storage.run(lambda db: db.load_sweep(sweep_id))
        if row is None:
            return None
        try:
            return await anyio.to_thread.run_sync(_revive, row)
        except (ValueError, KeyError, TypeError) as error:
            logger.warning("sweep %s could not be read back: %s", sweep_id[:6], error)
            return None

    async def trim(self) -> None:
        """Keep at most `max_count` sweeps: the oldest ended are deleted first."""
        keep = self.max_count
        await self.storage.write(lambda db: db.keep_newest_sweeps(keep))

    async def expire(self) -> None:
        """Forget sweeps last written more than `max_age` seconds ago, and any past the count."""
        moment = time.time() - self.max_age
        await self.storage.write(lambda db: db.delete_sweeps_updated_before(moment))
        await self.trim()
