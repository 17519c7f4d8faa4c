"""Requests that drive training: step, reset, play."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core import limits

__all__ = ["PlayRequest", "ResetRequest", "StepRequest"]

_STRICT = ConfigDict(strict=True, extra="forbid")


class StepRequest(BaseModel):
    """Train for `steps` optimiser steps or for `epochs` passes (exactly one of them)."""

    model_config = ConfigDict(
        strict=True, extra="forbid", json_schema_extra={"examples": [{"steps": 100}]}
    )

    steps: int | None = Field(
        default=None,
        ge=1,
        le=limits.MAX_STEPS_PER_CALL,
        description=f"Optimiser steps (at most {limits.MAX_EXAMPLES_PER_CALL} examples in all).",
        examples=[100],
    )
    epochs: int | None = Field(
        default=None,
        ge=1,
        le=limits.MAX_EPOCHS_PER_CALL,
        description=f"Passes over the training set (at most {limits.MAX_STEPS_PER_CALL} steps "
        f"and {limits.MAX_EXAMPLES_PER_CALL} examples in all).",
        examples=[2],
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> StepRequest:
        if (self.steps is None) == (self.epochs is None):
            raise ValueError("give exactly one of 'steps' or 'epochs'")
        return self


class ResetRequest(BaseModel):
    """New weights; a new seed if given, else the current one. History goes, data stays."""

    model_config = ConfigDict(
        strict=True, extra="forbid", json_schema_extra={"examples": [{"random_state": 7}]}
    )

    random_state: int | None = Field(
        default=None,
        ge=0,
        le=limits.MAX_SEED,
        description="New seed, or null to keep it.",
        examples=[7],
    )


class PlayRequest(BaseModel):
    """Pacing of the server's play loop; an omitted field keeps the session's current value."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={"examples": [{"fps": 30, "steps_per_frame": 5}]},
    )

    fps: int | None = Field(
        default=None,
        ge=limits.MIN_FPS,
        le=limits.MAX_FPS,
        description=f"Target frames per second (starts at {limits.DEFAULT_FPS}).",
        examples=[30],
    )
    steps_per_frame: int | None = Field(
        default=None,
        ge=1,
        le=limits.MAX_STEPS_PER_FRAME,
        description=f"Training steps per frame (starts at {limits.DEFAULT_STEPS_PER_FRAME}).",
        examples=[5],
    )
