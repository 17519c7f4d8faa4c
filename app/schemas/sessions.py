"""What a session looks like from outside: its metrics, its summary, the answer to a PATCH."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from app.schemas.config import RunConfigIn

__all__ = [
    "Diagnosis",
    "LayerStats",
    "MessageCode",
    "Metrics",
    "SessionPublic",
    "SessionUpdated",
    "Status",
    "message_code_field",
    "message_params_field",
]

Status = Literal["idle", "running", "diverged", "stopped_early"]

MessageCode = Literal[
    "diverged",
    "stopped_early",
    "weights_kept",
    "optimizer_reset",
    "network_reinitialized",
    "features_changed",
    "data_rebuilt",
]
"""The `message_code`s of app.sessions.messages.MESSAGE_CODES (a test keeps the two equal)."""


def message_code_field(example: str | None = None) -> Any:
    """The field beside `message` that names it for programs (docs/api.md, message codes)."""
    return Field(
        description="`message` as a stable code (docs/api.md, message codes); null with no "
        "message. A page writes its own sentence from it and `message_params`.",
        examples=[example],
    )


def message_params_field(example: dict[str, Any] | None = None) -> Any:
    """The values the sentence of a `message_code` needs."""
    return Field(
        description='The values the message\'s sentence needs (e.g. `{"step": 41}`); null with '
        "no message.",
        examples=[example],
    )


class LayerStats(BaseModel):
    """Health of one weight layer (null when not finite)."""

    weight_norm: float | None = Field(description="Frobenius norm of W.", examples=[1.2])
    grad_norm: float | None = Field(description="Norm of the last dL/dW.", examples=[0.01])
    dead_fraction: float | None = Field(
        description="Share of units that never activated on the last batch.", examples=[0.0]
    )


DiagnosisCode = Literal[
    "diverged",
    "exploding",
    "oscillating",
    "slow_progress",
    "vanishing_gradients",
    "exploding_gradients",
    "dead_units",
    "saturated_output",
    "symmetric_units",
    "overfitting",
    "too_simple",
]
"""The codes of engine.diagnoses.CODES (a test keeps the two equal)."""


class Fix(BaseModel):
    """A diagnosis's remedy: PATCH `patch`, then POST .../reset if `reset`, or .../rollback if
    `rollback` (the rollback first, so the patched settings apply to the healthy weights)."""

    patch: dict[str, Any] = Field(
        description="A partial config for PATCH /api/sessions/{id}.",
        examples=[{"training": {"learning_rate": 0.3}}],
    )
    reset: bool = Field(description="Whether to reset the weights after.", examples=[False])
    rollback: bool = Field(description="Whether to roll back first.", examples=[True])


class Diagnosis(BaseModel):
    """One thing the coach sees going wrong (docs/api.md, diagnoses)."""

    code: DiagnosisCode = Field(description="What it is.", examples=["oscillating"])
    severity: Literal["info", "warning", "error"] = Field(
        description="error: training stopped; warning: it goes on, badly; info: a hint.",
        examples=["warning"],
    )
    since_step: int = Field(
        ge=0, description="The step its evidence began to hold.", examples=[1200]
    )
    evidence: dict[str, Any] = Field(
        description="The numbers that justify it; its keys depend on the code (docs/api.md).",
        examples=[{"low": 0.41, "high": 0.93, "up_share": 0.5, "start_loss": 0.69}],
    )
    fix: Fix | None = Field(
        description="The one-click remedy, or null.",
        examples=[
            {"patch": {"training": {"learning_rate": 0.3}}, "reset": False, "rollback": False}
        ],
    )


class Metrics(BaseModel):
    """Where training stands. Losses and accuracies are null when undefined or not finite."""

    step: int = Field(ge=0, description="Optimiser steps taken.", examples=[120])
    epoch: int = Field(ge=0, description="Passes over the training set.", examples=[4])
    examples_seen: int = Field(ge=0, description="Training examples used.", examples=[1200])
    learning_rate: float | None = Field(description="Current learning rate.", examples=[0.03])
    status: Status = Field(
        description="`running` while the server plays it; `diverged` after a NaN/inf loss.",
        examples=["idle"],
    )
    diverged_at: int | None = Field(description="Step of the first NaN/inf.", examples=[None])
    train_loss: float | None = Field(description="Loss on the training split.", examples=[0.31])
    val_loss: float | None = Field(description="Null without a validation split.", examples=[0.33])
    test_loss: float | None = Field(description="Null without a test split.", examples=[0.35])
    train_accuracy: float | None = Field(description="Null for regression.", examples=[0.9])
    val_accuracy: float | None = Field(description="Null for regression.", examples=[0.88])
    test_accuracy: float | None = Field(description="Null for regression.", examples=[0.87])
    layers: list[LayerStats] = Field(description="One entry per weight layer.")
    diagnoses: list[Diagnosis] = Field(
        default_factory=list, description="What the coach sees going wrong (docs/api.md)."
    )
    playing: bool = Field(description="Whether the server's play loop runs.", examples=[False])
    message: str | None = Field(
        description="What to try when the run diverged or stopped early; null otherwise.",
        examples=[None],
    )
    message_code: MessageCode | None = message_code_field()
    message_params: dict[str, Any] | None = message_params_field()


class SessionPublic(BaseModel):
    """A session: its resolved config, its state and its play settings."""

    id: str = Field(description="Unguessable session id.", examples=["q3J0c2VjcmV0LWlkLWV4YW1wbGU"])
    config: RunConfigIn = Field(description="The resolved run configuration, every field set.")
    status: Status = Field(description="The same as `metrics.status`.", examples=["idle"])
    message: str | None = Field(
        description="Advice when the run cannot train on; null otherwise.", examples=[None]
    )
    message_code: MessageCode | None = message_code_field()
    message_params: dict[str, Any] | None = message_params_field()
    metrics: Metrics = Field(description="Where training stands.")
    playing: bool = Field(description="Whether the server's play loop runs.", examples=[False])
    fps: int = Field(description="Target frames per second while playing.", examples=[30])
    steps_per_frame: int = Field(description="Training steps per frame.", examples=[5])
    viewers: int = Field(ge=0, description="Open stream connections.", examples=[0])


class SessionUpdated(SessionPublic):
    """A session after PATCH, saying what had to be re-initialised."""

    reinitialized: list[Literal["data", "network", "optimizer"]] = Field(
        description='[] when only hyper-parameters changed (weights kept); ["optimizer"] when '
        "the optimizer type changed (its state reset, weights kept); otherwise what was rebuilt.",
        examples=[["network"]],
    )
    message: str | None = Field(
        description="What the change did, in a sentence.",
        examples=[
            "the network settings changed: the network was re-initialised (new weights); the "
            "data were kept"
        ],
    )
    message_code: MessageCode | None = message_code_field("network_reinitialized")
    message_params: dict[str, Any] | None = message_params_field({"changed": ["network"]})
