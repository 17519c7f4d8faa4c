"""Sweeps: start one, read its results, follow its progress, cancel it, open a cell as a session."""

from __future__ import annotations

import asyncio
import dataclasses
import math
from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status
from fastapi.responses import StreamingResponse

from app.api.deps import ClientDep, SettingsDep, StoreDep, SweepDep, SweepsDep
from app.api.responses import BODY, CLIENT_LIMIT, FULL
from app.core.errors import Conflict, ErrorMessage, InvalidInput
from app.schemas.sessions import SessionPublic
from app.schemas.sweeps import SweepCreated, SweepIn, SweepPublic
from app.sessions.encoding import sse_event
from app.sessions.reports import session_summary
from app.sweeps.manager import SweepManager
from app.sweeps.records import report
from app.sweeps.sweep import Sweep
from engine import Run
from engine.sweeps.runner import RunResult, train_task
from engine.sweeps.spec import RunTask

router = APIRouter(prefix="/api/sweeps", tags=["sweeps"])

PROGRESS_INTERVAL = 0.25
"""Seconds between progress checks of a stream: at most four events a second."""

_Responses = dict[int | str, dict[str, Any]]
SWEEP_NOT_FOUND: _Responses = {
    404: {"model": ErrorMessage, "description": "No sweep with this id (or it expired)."}
}
SWEEP_LIMITS: _Responses = {
    429: {
        "model": ErrorMessage,
        "description": "This client address (`client_sweep_limit`) or the server "
        "(`server_sweep_limit`) has its maximum of sweeps queued or running, or this client "
        "address started its maximum of sweeps this hour (`client_sweep_rate`); see "
        "Retry-After.",
    }
}
_STATUSES = ["queued", "running", "done", "cancelled", "failed"]
_SWEEP_EVENT = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"enum": ["progress", "end"]},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {
                "type": "object",
                "required": ["status"],
                "properties": {
                    "done": {"type": "integer", "minimum": 0},
                    "total": {"type": "integer", "minimum": 1},
                    "status": {"enum": _STATUSES},
                },
            },
        },
    },
}
"""One event of a sweep's stream: `progress` {"done", "total", "status"} or `end` {"status"}."""
_STREAM_DOC: _Responses = {
    200: {
        "description": '`text/event-stream`: `event: progress` with `data: {"done", '
        '"total", "status"}` at most four times a second and on each change of status, then '
        '`event: end` with `data: {"status"}` once the sweep is done, cancelled or failed '
        "(the stream then closes). `: ping` comments keep a quiet connection open.",
        "content": {
            "text/event-stream": {
                "schema": _SWEEP_EVENT,
                "example": 'event: progress\ndata: {"done":3,"total":9,"status":"running"}\n\n',
            }
        },
    }
}


def _public(sweep: Sweep) -> dict[str, Any]:
    """Everything GET answers (builds the report: run it in a worker thread)."""
    results = report(sweep.spec, sweep.body, sweep.results())
    return {
        "id": sweep.id,
        "status": sweep.status,
        "done": sweep.done,
        "total": sweep.spec.total,
        "error": sweep.error,
        **results,
    }


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SweepCreated,
    responses={**BODY, **SWEEP_LIMITS},
)
async def create_sweep(body: SweepIn, sweeps: SweepsDep, client: ClientDep) -> SweepCreated:
    """Queue a sweep: a base config, a grid or random search, seeds and a budget (422
    `sweep_too_large` past the runs or examples one sweep may have)."""
    sweep = await sweeps.submit(body.engine_body(), client)
    return SweepCreated(id=sweep.id, total=sweep.spec.total, status="queued")


@router.get("/{sweep_id}", response_model=SweepPublic, responses=SWEEP_NOT_FOUND)
async def read_sweep(sweep: SweepDep) -> Any:
    """Status, progress and the results so far: cells, their seeds, mean and spread, ranking."""
    return await asyncio.to_thread(_public, sweep)


def _progress(sweep: Sweep) -> dict[str, Any]:
    return {"done": sweep.done, "total": sweep.spec.total, "status": sweep.status}


async def _events(sweep: Sweep, sweeps: SweepManager, keepalive: float) -> AsyncIterator[bytes]:
    sent: dict[str, Any] | None = None
    quiet = 0.0
    while True:
        now = _progress(sweep)
        if now != sent:
            sent, quiet = now, 0.0
            yield sse_event("progress", now)
        if sweep.ended:
            yield sse_event("end", {"status": sweep.status})
            return
        if sweeps.closing:
            return
        if quiet >= keepalive:
            quiet = 0.0
            yield b": ping\n\n"
        await asyncio.sleep(PROGRESS_INTERVAL)
        quiet += PROGRESS_INTERVAL


@router.get(
    "/{sweep_id}/stream",
    response_class=StreamingResponse,
    responses={**_STREAM_DOC, **SWEEP_NOT_FOUND},
)
async def stream_sweep(
    sweep: SweepDep, sweeps: SweepsDep, settings: SettingsDep
) -> StreamingResponse:
    """Follow a sweep's progress live (`curl -N`)."""
    return StreamingResponse(
        _events(sweep, sweeps, settings.keepalive),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.delete("/{sweep_id}", status_code=status.HTTP_204_NO_CONTENT, responses=SWEEP_NOT_FOUND)
async def cancel_sweep(sweep: SweepDep, sweeps: SweepsDep) -> Response:
    """Cancel the sweep (within a second, its workers freed); the finished runs are kept."""
    await sweeps.cancel(sweep)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _best_run(sweep: Sweep, cell: int) -> RunResult:
    """The cell's best seed by the sweep's metric (unknown values last); 409 if none ended."""
    runs = [result for result in sweep.results() if result.cell == cell]
    if not runs:
        raise Conflict(f"cell {cell} has no finished run yet; open it when one has finished")
    metric = sweep.spec.metric
    sign = 1.0 if metric.endswith("_loss") else -1.0

    def key(result: RunResult) -> tuple[bool, float, int]:
        value = result.final.get(metric)
        if not isinstance(value, float) or not math.isfinite(value):
            return True, 0.0, result.index
        return False, sign * value, result.index

    return min(runs, key=key)


def _replay(task: RunTask, cut_at: int | None) -> Run:
    """The run trained as the sweep trained it: to the budget, or to its cut."""
    return train_task(dataclasses.replace(task, until=cut_at))[0]


@router.post(
    "/{sweep_id}/cells/{i}/open",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionPublic,
    responses={
        **SWEEP_NOT_FOUND,
        **FULL,
        **BODY,
        **CLIENT_LIMIT,
        409: {"model": ErrorMessage, "description": "The cell has no finished run yet."},
    },
)
async def open_cell(
    sweep: SweepDep,
    i: Annotated[
        int,
        Path(ge=0, description="The cell's index (its place in grid order).", examples=[4]),
    ],
    store: StoreDep,
    client: ClientDep,
) -> dict[str, Any]:
    """A new session holding the cell's best-seed run, trained as in the sweep (same numbers)."""
    cells = len(sweep.spec.cells)
    if i >= cells:
        raise InvalidInput(f"i must be a cell index in [0, {cells - 1}], got {i}", ("path", "i"))
    best = _best_run(sweep, i)
    task = sweep.spec.tasks[best.index]
    session = await store.create(partial(_replay, task, best.cut_at), client)
    return await session.call(partial(session_summary, session))
