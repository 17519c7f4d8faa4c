"""The run's data and weights: read the points, replace them, edit one link."""

from __future__ import annotations

from functools import partial
from typing import Any

import anyio.to_thread
import numpy as np
from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.api.deps import SessionDep, StoreDep
from app.api.responses import BODY, NOT_FOUND, UNSUPPORTED
from app.core import limits
from app.core.errors import InvalidInput, UnsupportedMediaType
from app.schemas.data import POINT_FORMS, PointsIn, PointsPublic, WeightEdit
from app.schemas.sessions import SessionPublic
from app.sessions import reports
from app.sessions.encoding import jsonable
from app.sessions.session import Session
from engine.points import parse_csv

router = APIRouter(prefix="/api/sessions/{session_id}", tags=["data"])

_MEDIA_TYPES = ("application/json", "text/csv")
_POINTS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/PointsIn"}},
            "text/csv": {
                "schema": {"type": "string", "maxLength": 1_048_576},
                "example": "x1,x2,label,split\n1.0,2.0,0\n-3.0,0.5,1\n2.0,-1.0,1,test\n",
            },
        },
    }
}


@router.get("/points", response_model=PointsPublic, responses=NOT_FOUND)
async def read_points(session: SessionDep) -> Any:
    """The points of the train, validation and test splits."""
    return await session.call(lambda: jsonable(session.run.points()))


Parsed = tuple[Any, Any, list[str]]
"""Coordinates (n, 2), labels (n,) and each point's split name."""


def _error_location(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """`loc` under "body", without the name of the row form (points, 0, 2: a row's label)."""
    return ("body", *(part for part in loc if part not in POINT_FORMS))


def _parse_json(body: bytes) -> Parsed:
    try:
        parsed = PointsIn.model_validate_json(body)
    except ValidationError as error:
        raise RequestValidationError(
            [dict(item, loc=_error_location(item["loc"])) for item in error.errors()]
        ) from None
    points = parsed.points
    return [[row[0], row[1]] for row in points], [row[2] for row in points], parsed.splits()


def _parse_csv(body: bytes) -> Parsed:
    try:
        X, y, splits = parse_csv(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidInput("the CSV must be UTF-8 text") from None
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    if len(X) > limits.MAX_POINTS:
        raise InvalidInput(f"at most {limits.MAX_POINTS} points are accepted, got {len(X)}")
    return X, y, splits


def _set_points(session: Session, X: Any, y: Any, splits: list[str]) -> dict[str, Any]:
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    session.run.set_points(X, y, splits)
    return reports.session_summary(session)


@router.put(
    "/points",
    response_model=SessionPublic,
    responses={**NOT_FOUND, **BODY, **UNSUPPORTED},
    openapi_extra=_POINTS_BODY,
)
async def replace_points(session: SessionDep, store: StoreDep, request: Request) -> Any:
    """Replace the data by your own points: JSON `{"points": [[x1, x2, label], ...]}` (a 4th
    item "train", "val" or "test" names a point's split) or a text/csv body of
    `x1,x2,label[,split]` lines. A point without a split is a training point; the network is
    kept if it fits."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in _MEDIA_TYPES:
        raise UnsupportedMediaType(media_type or "(none)", _MEDIA_TYPES)
    body = await request.body()
    parse = _parse_json if media_type == "application/json" else _parse_csv
    X, y, splits = await anyio.to_thread.run_sync(parse, body)  # 1 MB parses in ~0.1 s
    answer = await session.call(partial(_set_points, session, X, y, splits))
    store.player.broadcast(session)
    return answer


def _set_weight(session: Session, edit: WeightEdit) -> dict[str, Any]:
    session.run.set_weight(edit.layer, edit.row, edit.col, edit.value)
    return reports.session_summary(session)


@router.put("/weights", response_model=SessionPublic, responses={**NOT_FOUND, **BODY})
async def edit_weight(session: SessionDep, store: StoreDep, edit: WeightEdit) -> Any:
    """Set one weight (or a bias, with col null); training goes on from there."""
    answer = await session.call(partial(_set_weight, session, edit))
    store.player.broadcast(session)
    return answer
