"""The live view: Server-Sent Events, one `frame` on connect and one per tick while playing.

A stream the server ends (the session deleted, the server shutting down) closes with one
`event: end` whose data says why, `{"reason": "deleted"}` or `{"reason": "shutdown"}`, so a page
can tell "gone" from "try again later" without guessing from a broken connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from app.api.deps import ClientDep, Resolution, SessionDep, SettingsDep, StoreDep
from app.api.responses import FULL, NOT_FOUND, TOO_MANY_VIEWERS
from app.core import limits
from app.core.errors import ClientStreamLimit, SessionNotFound, TooManyStreams, TooManyViewers
from app.sessions.reports import build_frames
from app.sessions.session import Session, View, Viewer
from app.sessions.store import SessionStore

router = APIRouter(prefix="/api/sessions/{session_id}", tags=["stream"])

KEEPALIVE = b": ping\n\n"


def end_event(reason: str) -> bytes:
    """The last event of a stream the server ends: `deleted` or `shutdown`."""
    return f'event: end\ndata: {{"reason": "{reason}"}}\n\n'.encode()


_FRAME_EVENT = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"const": "frame"},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"$ref": "#/components/schemas/Frame"},
        },
    },
}
"""One event of the stream, as OpenAPI models Server-Sent Events: a `frame` whose data is a
JSON `Frame`. A 3.1 document gives it as the media type's schema (3.2 would say itemSchema)."""

_STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`text/event-stream`: `event: frame` with one JSON `Frame` per `data:` "
        "line; `: ping` comments keep quiet connections open. When the session is deleted or "
        'the server shuts down, a last `event: end` with `data: {"reason": "deleted"}` (or '
        '`"shutdown"`) comes before the stream closes. The schema describes one event.',
        "content": {
            "text/event-stream": {
                "schema": _FRAME_EVENT,
                "example": 'event: frame\ndata: {"step": 120, "grid": {"resolution": 50}}\n\n',
            }
        },
    }
}


async def _events(session: Session, viewer: Viewer, store: SessionStore) -> AsyncIterator[bytes]:
    first = await session.call(partial(build_frames, session, {viewer.view}), store.player.limiter)
    yield first[viewer.view]
    while True:
        try:
            frame = await asyncio.wait_for(viewer.queue.get(), store.settings.keepalive)
        except TimeoutError:
            yield KEEPALIVE
            continue
        if frame is None:
            yield end_event("shutdown" if store.closing else "deleted")
            return
        yield frame


class _ViewerStream(StreamingResponse):
    """Unregisters its viewer however the response ends, even if the body never started."""

    def __init__(self, session: Session, viewer: Viewer, store: SessionStore) -> None:
        super().__init__(
            _events(session, viewer, store),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
        self.session, self.viewer = session, viewer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.session.viewers.discard(self.viewer)
            self.session.touch()


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={**_STREAM_DOC, **NOT_FOUND, **TOO_MANY_VIEWERS, **FULL},
)
async def stream(
    session: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
    client: ClientDep,
    resolution: Resolution = limits.DEFAULT_STREAM_RESOLUTION,
    neurons: Annotated[
        bool, Query(description="Add per-neuron grids to each frame.", examples=[True])
    ] = False,
    neuron_resolution: Annotated[
        int | None,
        Query(
            ge=limits.MIN_RESOLUTION,
            le=limits.MAX_NEURON_RESOLUTION,
            description="Cells per side of each neuron grid "
            f"(default: min(resolution, {limits.DEFAULT_NEURON_RESOLUTION})).",
            examples=[24],
        ),
    ] = None,
    weights: Annotated[
        bool, Query(description="Add every weight and bias to each frame.", examples=[False])
    ] = False,
) -> StreamingResponse:
    """Watch the session live (`curl -N`); several viewers may watch one session."""
    if session.closed:
        raise SessionNotFound(session.id, settings.session_ttl)
    if len(session.viewers) >= settings.max_viewers:
        raise TooManyViewers(settings.max_viewers)
    if store.stream_count() >= settings.max_streams:
        raise TooManyStreams(settings.max_streams)
    if store.client_stream_count(client) >= settings.max_streams_per_client:
        raise ClientStreamLimit(settings.max_streams_per_client)
    if not neurons:
        neuron_resolution = 0
    elif neuron_resolution is None:
        neuron_resolution = min(resolution, limits.DEFAULT_NEURON_RESOLUTION)
    view = View(resolution, neurons, neuron_resolution, weights)
    # Registered before answering, with no await since the count: concurrent connects cannot
    # pass the cap together.
    viewer = Viewer(view, asyncio.Queue(maxsize=settings.viewer_queue), client)
    session.viewers.add(viewer)
    return _ViewerStream(session, viewer, store)
