"""Shared lookups for routes, as `Annotated[..., Depends(...)]` aliases, and shared queries."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from app.core import limits
from app.core.config import Settings
from app.sessions.session import Session
from app.sessions.store import SessionStore
from app.sweeps.manager import SweepManager
from app.sweeps.sweep import Sweep

__all__ = [
    "ClientDep",
    "Resolution",
    "SessionDep",
    "SettingsDep",
    "StoreDep",
    "SweepDep",
    "SweepsDep",
]


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> SessionStore:
    store: SessionStore = request.app.state.store
    return store


async def get_sweeps(request: Request) -> SweepManager:
    sweeps: SweepManager = request.app.state.sweeps
    return sweeps


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[SessionStore, Depends(get_store)]
SweepsDep = Annotated[SweepManager, Depends(get_sweeps)]


async def get_client(request: Request, settings: SettingsDep) -> str:
    """Who is asking, for per-client caps and turns: the peer address, or, when
    `client_ip_header` is set (behind a reverse proxy), that header's last entry (the one the
    proxy wrote; entries before it came from the client and could be anything)."""
    peer = request.client.host if request.client is not None else "unknown"
    if not settings.client_ip_header:
        return peer
    forwarded = request.headers.get(settings.client_ip_header, "")
    return forwarded.rsplit(",", 1)[-1].strip()[:64] or peer


ClientDep = Annotated[str, Depends(get_client)]


async def get_session(
    session_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=128,
            description="The id POST /api/sessions answered with.",
            examples=["q3J0c2VjcmV0LWlkLWV4YW1wbGU"],
        ),
    ],
    store: StoreDep,
) -> Session:
    return await store.find(session_id)


# The lookups are async so they run on the event loop, never waiting for a worker thread that long
# training calls may all be holding.
SessionDep = Annotated[Session, Depends(get_session)]


async def get_sweep(
    sweep_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=128,
            description="The id POST /api/sweeps answered with.",
            examples=["Zk3v0q6ZlqQe6tq1Yw0b8f4N1Xc2r2bA"],
        ),
    ],
    sweeps: SweepsDep,
) -> Sweep:
    return await sweeps.find(sweep_id)


SweepDep = Annotated[Sweep, Depends(get_sweep)]

Resolution = Annotated[
    int,
    Query(
        ge=limits.MIN_RESOLUTION,
        le=limits.MAX_RESOLUTION,
        description="Cells per side of the decision-boundary grid over [-6, 6]².",
        examples=[50],
    ),
]
