"""Sessions: create, read, change, delete, export and import a training run."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Body, Response, status
from pydantic import ValidationError

from app.api.deps import ClientDep, SessionDep, StoreDep
from app.api.responses import BODY, CLIENT_LIMIT, FULL, NOT_FOUND
from app.core.errors import InvalidInput
from app.schemas.config import RunConfigIn
from app.schemas.sessions import SessionPublic, SessionUpdated
from app.sessions.messages import update_message
from app.sessions.reports import session_summary
from app.sessions.session import Session
from engine import Run

router = APIRouter(prefix="/api/sessions", tags=["sessions"])


def load_export(document: dict[str, Any]) -> Run:
    """A run from an export: the engine checks every saved field (a bad one raises ValueError,
    answered 422); the config must also keep within this server's limits."""
    run = Run.from_dict(document)
    try:
        RunConfigIn.model_validate(run.config.to_dict())
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ValueError(f"not a valid export: config.{where}: {message}") from None
    return run


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionPublic,
    responses={**FULL, **BODY, **CLIENT_LIMIT},
)
async def create_session(
    store: StoreDep, client: ClientDep, config: RunConfigIn | None = None
) -> dict[str, Any]:
    """Start a session from a (partial) run config; defaults fill in the rest."""
    changes = config.changes() if config is not None else {}
    session = await store.create(partial(Run, changes), client)
    return await session.call(partial(session_summary, session))


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionPublic,
    responses={**FULL, **BODY, **CLIENT_LIMIT},
)
async def import_session(
    store: StoreDep,
    client: ClientDep,
    document: Annotated[
        dict[str, Any],
        Body(description="A document GET .../export produced; training continues exactly."),
    ],
) -> dict[str, Any]:
    """Start a session from an exported run (weights, optimiser state, history, data)."""
    session = await store.create(partial(load_export, document), client)
    return await session.call(partial(session_summary, session))


@router.get("/{session_id}", response_model=SessionPublic, responses=NOT_FOUND)
async def read_session(session: SessionDep) -> dict[str, Any]:
    """The session's resolved config, metrics and play settings."""
    return await session.call(partial(session_summary, session))


def _update(session: Session, changes: dict[str, Any]) -> dict[str, Any]:
    before = session.run.config.to_dict()
    rebuilt = list(session.run.update(changes))
    summary = session_summary(session)
    summary["reinitialized"] = rebuilt
    summary.update(update_message(rebuilt, before, summary["config"]).fields())
    return summary


@router.patch("/{session_id}", response_model=SessionUpdated, responses={**NOT_FOUND, **BODY})
async def update_session(
    session: SessionDep, store: StoreDep, config: RunConfigIn
) -> dict[str, Any]:
    """Change part of the config: hyper-parameters apply live; other changes re-initialise."""
    changes = config.changes()
    if not changes:
        raise InvalidInput("send at least one field to change", loc=("body",))
    summary = await session.call(partial(_update, session, changes))
    store.player.broadcast(session)
    return summary


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def delete_session(session: SessionDep, store: StoreDep) -> Response:
    """Stop and forget the session; its open streams end."""
    await store.delete(session.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{session_id}/export", response_model=dict[str, Any], responses=NOT_FOUND)
async def export_session(session: SessionDep) -> Any:
    """The whole run as JSON; POST it to /api/sessions/import to continue bit-identically."""
    return await session.call(lambda: session.run.to_dict())
