"""Read a session's run into plain JSON: metrics, session summary, grids and stream frames.

Every function here touches the engine, so it runs in a worker thread under the session lock.
"""

from __future__ import annotations

from typing import Any

from app.core import limits
from app.core.errors import InvalidInput
from app.sessions.encoding import encode_grid, encode_layers, grid_as_lists, jsonable, sse_event
from app.sessions.messages import NO_MESSAGE, RunMessage, status_message
from app.sessions.session import Session, View
from engine.metrics import SPLIT_METRICS

__all__ = [
    "boundary",
    "build_frames",
    "divergence_message",
    "is_regression",
    "metrics",
    "session_summary",
]

_FRAME_METRICS = ("step", "epoch", "learning_rate", *SPLIT_METRICS, "diverged_at", "diagnoses")


def divergence_message(session: Session, values: dict[str, Any]) -> RunMessage | None:
    """What to try when training cannot go on (from the engine's metrics `values`); None while
    it can."""
    patience = int(session.run.config.training.patience)
    return status_message(
        values["status"], values.get("diverged_at"), int(values.get("epoch", 0)), patience
    )


def _status(session: Session, engine_status: str) -> str:
    return "running" if session.playing and engine_status == "idle" else engine_status


def metrics(session: Session) -> dict[str, Any]:
    """The engine's metrics plus the server's view: `running` while playing, and a `message`
    with its `message_code` and `message_params`."""
    values: dict[str, Any] = jsonable(session.run.metrics())
    said = divergence_message(session, values)
    values.update(said.fields() if said is not None else NO_MESSAGE)
    values["status"] = _status(session, values["status"])
    values["playing"] = session.playing
    return values


def session_summary(session: Session) -> dict[str, Any]:
    """Everything `GET /api/sessions/{id}` answers."""
    current = metrics(session)
    return {
        "id": session.id,
        "config": jsonable(session.run.config.to_dict()),
        "status": current["status"],
        "message": current["message"],
        "message_code": current["message_code"],
        "message_params": current["message_params"],
        "metrics": current,
        "playing": session.playing,
        "fps": session.fps,
        "steps_per_frame": session.steps_per_frame,
        "viewers": len(session.viewers),
    }


def is_regression(session: Session) -> bool:
    """Whether the run's output head predicts a value rather than classes."""
    return bool(session.run.config.network.output == "regression")


def _encode_output(session: Session, output: Any) -> dict[str, Any]:
    fixed = None if is_regression(session) else (0.0, 1.0)
    return encode_grid(output, fixed_range=fixed)


def boundary(session: Session, resolution: int, neurons: bool, as_lists: bool) -> dict[str, Any]:
    """The decision-boundary grid (and per-neuron grids on request), encoded or as plain lists."""
    grid = session.run.grid(resolution, neurons=neurons)
    answer: dict[str, Any] = {"step": int(session.run.metrics()["step"])}
    if as_lists:
        values = grid.output.size + sum(layer.size for layer in grid.neurons)
        if values > limits.MAX_JSON_GRID_VALUES:
            raise InvalidInput(
                f"format=json would send {values} numbers; at most "
                f"{limits.MAX_JSON_GRID_VALUES} are sent as JSON. Lower the resolution or use "
                "format=uint8",
                loc=("query", "format"),
            )
        answer["grid"] = grid_as_lists(grid.output)
        answer["neurons"] = [grid_as_lists(layer) for layer in grid.neurons] if neurons else None
    else:
        answer["grid"] = _encode_output(session, grid.output)
        answer["neurons"] = encode_layers(grid.neurons) if neurons else None
    return answer


def _frame_base(session: Session) -> dict[str, Any]:
    current = metrics(session)
    frame = {name: current.get(name) for name in _FRAME_METRICS}
    frame["status"] = current["status"]
    frame["playing"] = session.playing
    for key in ("message", "message_code", "message_params"):
        frame[key] = current[key]
    frame["layers"] = current.get("layers", [])
    return frame


def build_frames(session: Session, views: set[View]) -> dict[View, bytes]:
    """One SSE `frame` event per distinct view; each grid is computed once for all who share it."""
    if not views:
        return {}
    base = _frame_base(session)
    outputs: dict[int, dict[str, Any]] = {}
    neuron_grids: dict[int, list[dict[str, Any]]] = {}
    weights = jsonable(session.run.weights()) if any(v.weights for v in views) else None
    for view in views:
        wants_neurons_here = view.neurons and view.neuron_resolution == view.resolution
        if view.resolution not in outputs or (
            wants_neurons_here and view.resolution not in neuron_grids
        ):
            grid = session.run.grid(view.resolution, neurons=wants_neurons_here)
            outputs[view.resolution] = _encode_output(session, grid.output)
            if wants_neurons_here:
                neuron_grids[view.resolution] = encode_layers(grid.neurons)
        if view.neurons and view.neuron_resolution not in neuron_grids:
            grid = session.run.grid(view.neuron_resolution, neurons=True)
            neuron_grids[view.neuron_resolution] = encode_layers(grid.neurons)
    frames = {}
    for view in views:
        frame = dict(base, grid=outputs[view.resolution])
        if view.neurons:
            frame["neurons"] = neuron_grids[view.neuron_resolution]
        if view.weights:
            frame["weights"] = weights
        frames[view] = sse_event("frame", frame)
    return frames
