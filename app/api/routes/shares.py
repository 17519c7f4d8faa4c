"""Share links: an immutable copy of a session's run that others can read and open as their own."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request, Response, status
from fastapi.responses import HTMLResponse

from app.api.deps import ClientDep, SessionDep, StoreDep
from app.api.responses import BODY, CLIENT_LIMIT, FULL, NOT_FOUND
from app.api.routes.pages import read_page
from app.api.routes.sessions import load_export
from app.core.errors import ErrorMessage
from app.schemas.sessions import SessionPublic
from app.schemas.shares import SharePublic
from app.sessions.reports import session_summary

router = APIRouter(tags=["shares"])

ShareId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        description="The id POST .../share answered with.",
        examples=["kSfi_9aL7cZeyyKtYMtmD-CA"],
    ),
]
SHARE_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorMessage, "description": "No share link with this id (or it expired)."}
}
SHARE_LIMIT: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorMessage,
        "description": "This client address made its maximum of share links this hour "
        "(`code`: `client_share_limit`); see Retry-After.",
    }
}


@router.post(
    "/api/sessions/{session_id}/share",
    status_code=status.HTTP_201_CREATED,
    response_model=SharePublic,
    responses={**NOT_FOUND, **SHARE_LIMIT},
)
async def create_share(session: SessionDep, store: StoreDep, client: ClientDep) -> SharePublic:
    """Freeze the run as it is now (weights, step, history) under a new share id."""
    document = await session.call(session.run.to_dict)
    share_id, token = await store.shares.create(document, session.id, client)
    return SharePublic(share_id=share_id, url=f"/s/{share_id}", delete_token=token)


@router.get("/api/shared/{share_id}", response_model=dict[str, Any], responses=SHARE_NOT_FOUND)
async def read_share(share_id: ShareId, store: StoreDep) -> Any:
    """The shared run: the same document as GET /api/sessions/{id}/export."""
    return await store.shares.read(share_id)


@router.post(
    "/api/shared/{share_id}/open",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionPublic,
    responses={**SHARE_NOT_FOUND, **FULL, **BODY, **CLIENT_LIMIT},
)
async def open_share(share_id: ShareId, store: StoreDep, client: ClientDep) -> dict[str, Any]:
    """A new session of your own, continuing from the shared run."""
    document = await store.shares.read(share_id)
    session = await store.create(partial(load_export, document), client)
    return await session.call(partial(session_summary, session))


@router.delete(
    "/api/shared/{share_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **SHARE_NOT_FOUND,
        403: {"model": ErrorMessage, "description": "Neither the token nor the session id."},
    },
)
async def delete_share(
    share_id: ShareId,
    store: StoreDep,
    x_delete_token: Annotated[
        str | None,
        Header(
            max_length=128,
            description="The delete token POST .../share answered with.",
            examples=["AApbOQKs1cTyGDu4y3G4KJcwpWrwN4qj"],
        ),
    ] = None,
    x_session_id: Annotated[
        str | None,
        Header(
            max_length=128,
            description="Or: the id of the session that made the share.",
            examples=["q3J0c2VjcmV0LWlkLWV4YW1wbGU"],
        ),
    ] = None,
) -> Response:
    """Delete a share link, with its delete token or the id of the session that made it."""
    await store.shares.delete(share_id, x_delete_token, x_session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/s/{share_id}", response_class=HTMLResponse, include_in_schema=False)
def read_shared_page(request: Request, share_id: ShareId) -> HTMLResponse:
    """The playground page itself, at the share's address (the page reads the id from its
    path; until it does, it starts a run of its own as at /)."""
    return read_page(request)
