"""The live view: Server-Sent Events, one `frame` on connect and one per tick while playing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from app.api.deps import SessionDep, SettingsDep, StoreDep
from app.api.responses import NOT_FOUND, TOO_MANY_VIEWERS
from app.core import limits
from app.core.config import Settings
from app.core.errors import TooManyViewers
from app.sessions.reports import build_frames
from app.sessions.session import Session, View, Viewer
from app.sessions.store import SessionStore

router = APIRouter(prefix="/api/sessions/{session_id}", tags=["stream"])

KEEPALIVE = b": ping\n\n"

_STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`text/event-stream`: `event: frame` with one JSON `Frame` per `data:` "
        "line; `: ping` comments keep quiet connections open. The stream ends when the session "
        "is deleted.",
        "content": {
            "text/event-stream": {
                "schema": {"type": "string"},
                "itemSchema": {"$ref": "#/components/schemas/Frame"},
                "example": 'event: frame\ndata: {"step": 120, "grid": {"resolution": 50}}\n\n',
            }
        },
    }
}


async def _events(
    session: Session, view: View, store: SessionStore, settings: Settings
) -> AsyncIterator[bytes]:
    if session.closed:
        return
    viewer = Viewer(view, asyncio.Queue(maxsize=settings.viewer_queue))
    session.viewers.add(viewer)
    try:
        first = await session.call(partial(build_frames, session, {view}), store.player.limiter)
        yield first[view]
        while True:
            try:
                frame = await asyncio.wait_for(viewer.queue.get(), settings.keepalive)
            except TimeoutError:
                yield KEEPALIVE
                continue
            if frame is None:
                return
            yield frame
    finally:
        session.viewers.discard(viewer)
        session.touch()


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={**_STREAM_DOC, **NOT_FOUND, **TOO_MANY_VIEWERS},
)
async def stream(
    session: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
    resolution: Annotated[
        int,
        Query(
            ge=limits.MIN_RESOLUTION,
            le=limits.MAX_RESOLUTION,
            description="Cells per side of the decision-boundary grid.",
        ),
    ] = limits.DEFAULT_STREAM_RESOLUTION,
    neurons: Annotated[bool, Query(description="Add per-neuron grids to each frame.")] = False,
    neuron_resolution: Annotated[
        int | None,
        Query(
            ge=limits.MIN_RESOLUTION,
            le=limits.MAX_NEURON_RESOLUTION,
            description="Cells per side of each neuron grid "
            f"(default: min(resolution, {limits.DEFAULT_NEURON_RESOLUTION})).",
        ),
    ] = None,
    weights: Annotated[bool, Query(description="Add every weight and bias to each frame.")] = False,
) -> StreamingResponse:
    """Watch the session live (`curl -N`); several viewers may watch one session."""
    if len(session.viewers) >= settings.max_viewers:
        raise TooManyViewers(settings.max_viewers)
    if not neurons:
        neuron_resolution = 0
    elif neuron_resolution is None:
        neuron_resolution = min(resolution, limits.DEFAULT_NEURON_RESOLUTION)
    view = View(resolution, neurons, neuron_resolution, weights)
    return StreamingResponse(
        _events(session, view, store, settings),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
