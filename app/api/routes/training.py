"""Driving training: step, reset, play and pause."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter

from app.api.deps import ClientDep, SessionDep, StoreDep
from app.api.responses import BODY, CONFLICT, NOT_FOUND
from app.core import limits
from app.core.errors import InvalidInput
from app.schemas.sessions import Metrics, SessionPublic
from app.schemas.training import PlayRequest, ResetRequest, StepRequest
from app.sessions import reports
from app.sessions.session import Session
from app.sessions.workers import QUICK_EXAMPLES, QUICK_STEPS

router = APIRouter(prefix="/api/sessions/{session_id}", tags=["training"])


def _check_steps(steps: int, batch: int) -> None:
    """At most MAX_STEPS_PER_CALL steps and MAX_EXAMPLES_PER_CALL examples in one call."""
    most = min(limits.MAX_STEPS_PER_CALL, limits.MAX_EXAMPLES_PER_CALL // batch)
    if steps > most:
        raise InvalidInput(
            f"{steps} steps of {batch} examples are {steps * batch} examples; at most "
            f"{limits.MAX_EXAMPLES_PER_CALL} examples per call, so ask for at most {most} "
            "steps (or lower training.batch_size)",
            loc=("body", "steps"),
        )


def _check_epochs(epochs: int, per_epoch: int, n_train: int) -> None:
    """The same budget counted in epochs: their steps and the examples they go through."""
    _check_per_epoch(epochs, per_epoch, limits.MAX_STEPS_PER_CALL, "steps")
    _check_per_epoch(epochs, n_train, limits.MAX_EXAMPLES_PER_CALL, "examples")


def _check_per_epoch(epochs: int, per_epoch: int, most: int, what: str) -> None:
    """At most `most` of `what` in one call, counting `per_epoch` of them in each epoch."""
    if epochs * per_epoch > most:
        raise InvalidInput(
            f"{epochs} epochs are {epochs * per_epoch} {what} here ({per_epoch} per epoch); at "
            f"most {most} {what} per call, so ask for at most {most // per_epoch} epochs",
            loc=("body", "epochs"),
        )


def _step(session: Session, request: StepRequest) -> dict[str, Any]:
    run = session.run
    if request.epochs is not None:
        _check_epochs(request.epochs, int(run.steps_per_epoch), int(run.n_train))
    elif request.steps is not None:
        _check_steps(request.steps, min(int(run.config.training.batch_size), int(run.n_train)))
    session.run.train(steps=request.steps, epochs=request.epochs)
    return reports.metrics(session)


def _is_long(session: Session, request: StepRequest) -> bool:
    """Whether a step call may take long: any epochs, or more than a few steps or examples."""
    if request.epochs is not None:
        return True
    steps = request.steps if request.steps is not None else 1
    batch = min(int(session.run.config.training.batch_size), int(session.run.n_train))
    return steps > QUICK_STEPS or steps * batch > QUICK_EXAMPLES


@router.post("/step", response_model=Metrics, responses={**NOT_FOUND, **BODY})
async def step(
    session: SessionDep, store: StoreDep, client: ClientDep, request: StepRequest
) -> dict[str, Any]:
    """Train now for some steps or epochs; answers the metrics after."""
    work = partial(_step, session, request)
    if _is_long(session, request):
        answer = await store.workers.heavy_call(session, work, client)
    else:
        answer = await session.call(work)
    store.player.broadcast(session)
    return answer


def _reset(session: Session, random_state: int | None) -> dict[str, Any]:
    session.run.reset(random_state)
    return reports.session_summary(session)


@router.post("/reset", response_model=SessionPublic, responses={**NOT_FOUND, **BODY})
async def reset(
    session: SessionDep, store: StoreDep, request: ResetRequest | None = None
) -> dict[str, Any]:
    """New weights (same seed, or the one given); history cleared; data kept."""
    random_state = request.random_state if request is not None else None
    answer = await session.call(partial(_reset, session, random_state))
    store.player.broadcast(session)
    return answer


@router.post("/play", response_model=SessionPublic, responses={**NOT_FOUND, **BODY, **CONFLICT})
async def play(
    session: SessionDep, store: StoreDep, request: PlayRequest | None = None
) -> dict[str, Any]:
    """Train on the server at `fps` frames per second, `steps_per_frame` steps each."""
    request = request or PlayRequest()
    await store.player.play(
        session,
        request.fps if request.fps is not None else session.fps,
        request.steps_per_frame if request.steps_per_frame is not None else session.steps_per_frame,
    )
    return await session.call(partial(reports.session_summary, session))


@router.post("/pause", response_model=SessionPublic, responses=NOT_FOUND)
async def pause(session: SessionDep, store: StoreDep) -> dict[str, Any]:
    """Stop the server's training loop (the weights stay as they are)."""
    await store.player.pause(session)
    return await session.call(partial(reports.session_summary, session))


def _rollback(session: Session) -> dict[str, Any]:
    session.run.rollback()
    return reports.session_summary(session)


@router.post("/rollback", response_model=SessionPublic, responses={**NOT_FOUND, **BODY})
async def rollback(session: SessionDep, store: StoreDep) -> dict[str, Any]:
    """Back to the weights and optimiser state of the last healthy evaluation point."""
    answer = await session.call(partial(_rollback, session))
    store.player.broadcast(session)
    return answer
