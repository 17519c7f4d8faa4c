"""Requests that drive training: step, reset, play."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.core import limits
from app.schemas.numbers import WHOLE_AS_INT

__all__ = ["PlayRequest", "ResetRequest", "StepRequest"]

_STRICT = ConfigDict(strict=True, extra="forbid")


_AMOUNTS = ("steps", "epochs")


def _one_amount_schema(schema: dict[str, Any]) -> None:
    """The schema of a step body: `steps` or `epochs` (integers, never null), exactly one."""
    for name in _AMOUNTS:
        field = schema["properties"][name]
        number = next(branch for branch in field.pop("anyOf") if branch.get("type") == "integer")
        field.update(number)
        field.pop("default", None)
    schema["oneOf"] = [{"required": [name]} for name in _AMOUNTS]
    schema["examples"] = [{"steps": 100}]


class StepRequest(BaseModel):
    """Train for `steps` optimiser steps or for `epochs` passes (exactly one of them)."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra=_one_amount_schema)

    steps: Annotated[int, Field(ge=1, le=limits.MAX_STEPS_PER_CALL), WHOLE_AS_INT] | None = Field(
        default=None,
        description=f"Optimiser steps (at most {limits.MAX_EXAMPLES_PER_CALL} examples in all).",
        examples=[100],
    )
    epochs: Annotated[int, Field(ge=1, le=limits.MAX_EPOCHS_PER_CALL), WHOLE_AS_INT] | None = Field(
        default=None,
        description=f"Passes over the training set (at most {limits.MAX_STEPS_PER_CALL} steps "
        f"and {limits.MAX_EXAMPLES_PER_CALL} examples in all).",
        examples=[2],
    )

    @field_validator(*_AMOUNTS, mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("leave the field out rather than sending null")
        return value

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

    random_state: Annotated[int, Field(ge=0, le=limits.MAX_SEED), WHOLE_AS_INT] | None = Field(
        default=None,
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

    fps: Annotated[int, Field(ge=limits.MIN_FPS, le=limits.MAX_FPS), WHOLE_AS_INT] | None = Field(
        default=None,
        description=f"Target frames per second (starts at {limits.DEFAULT_FPS}).",
        examples=[30],
    )
    steps_per_frame: (
        Annotated[int, Field(ge=1, le=limits.MAX_STEPS_PER_FRAME), WHOLE_AS_INT] | None
    ) = Field(
        default=None,
        description=f"Training steps per frame (starts at {limits.DEFAULT_STEPS_PER_FRAME}).",
        examples=[5],
    )
