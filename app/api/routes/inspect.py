"""Looking at a run: decision boundary, history, predictions and one example traced."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

import numpy as np
from fastapi import APIRouter, Query

from app.api.deps import ClientDep, Resolution, SessionDep, StoreDep
from app.api.responses import BODY, NOT_FOUND
from app.core import limits
from app.core.errors import InvalidInput
from app.schemas.data import History, PredictIn, PredictOut, Trace
from app.schemas.grids import Boundary
from app.sessions import reports
from app.sessions.encoding import jsonable
from app.sessions.session import Session
from app.sessions.workers import QUICK_RESOLUTION

router = APIRouter(prefix="/api/sessions/{session_id}", tags=["inspect"])

Coordinate = Annotated[
    float,
    Query(
        ge=-limits.DATA_BOX,
        le=limits.DATA_BOX,
        description="A raw coordinate of the point, in [-6, 6].",
        examples=[1.5],
    ),
]


@router.get("/boundary", response_model=Boundary, responses=NOT_FOUND)
async def read_boundary(
    session: SessionDep,
    store: StoreDep,
    client: ClientDep,
    resolution: Resolution = limits.DEFAULT_STREAM_RESOLUTION,
    format: Annotated[
        Literal["uint8", "json"],
        Query(
            description="uint8: quantised base64 as in the stream; json: plain numbers.",
            examples=["json"],
        ),
    ] = "uint8",
    neurons: Annotated[
        bool, Query(description="Add one grid per hidden layer.", examples=[True])
    ] = False,
) -> dict[str, Any]:
    """The network's output over a grid of the data box (and per-neuron grids on request)."""
    work = partial(reports.boundary, session, resolution, neurons, format == "json")
    if resolution > QUICK_RESOLUTION:
        return await store.workers.heavy_call(session, work, client)
    return await session.call(work)


@router.get("/history", response_model=History, responses=NOT_FOUND)
async def read_history(session: SessionDep) -> Any:
    """Losses, accuracies, learning rate and gradient norms after each training call."""
    return await session.call(lambda: jsonable(session.run.history()))


def _predict(session: Session, points: list[list[float]]) -> dict[str, Any]:
    X = np.asarray(points, dtype=np.float64)
    regression = reports.is_regression(session)
    return {
        "predictions": jsonable(session.run.predict(X)),
        "probabilities": None if regression else jsonable(session.run.predict_proba(X)),
    }


@router.post("/predict", response_model=PredictOut, responses={**NOT_FOUND, **BODY})
async def predict(session: SessionDep, request: PredictIn) -> dict[str, Any]:
    """Class (or value) and class probabilities for raw (x1, x2) points."""
    return await session.call(partial(_predict, session, request.points))


@router.get("/trace", response_model=Trace, responses=NOT_FOUND)
async def read_trace(
    session: SessionDep,
    x1: Coordinate,
    x2: Coordinate,
    label: Annotated[
        float | None,
        Query(
            ge=-limits.MAX_ABS_TARGET,
            le=limits.MAX_ABS_TARGET,
            description="Class (classification) or target (regression); adds the backward pass.",
            examples=[1],
        ),
    ] = None,
) -> Any:
    """z, a, delta, dW and db of every layer for one point."""

    def work() -> Any:
        value: float | None = label
        if label is not None and label.is_integer() and not reports.is_regression(session):
            value = int(label)
        try:
            return jsonable(session.run.trace(x1, x2, value))
        except ValueError as error:  # the only value the engine can refuse here is the label
            raise InvalidInput(str(error), loc=("query", "label")) from None

    return await session.call(work)
