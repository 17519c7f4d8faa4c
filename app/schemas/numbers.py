"""Integers as JSON Schema reads them: a number with no fraction (50 or 50.0) is an integer."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator

__all__ = ["WHOLE_AS_INT", "Int"]


def _whole_float_as_int(value: object) -> object:
    """50.0 -> 50; anything else (50.5, true, "50") is left for the strict check to refuse."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WHOLE_AS_INT = BeforeValidator(_whole_float_as_int)
"""Put after a `Field(ge=..., le=...)` inside `Annotated`, so the bounds still reach OpenAPI."""

Int = Annotated[int, WHOLE_AS_INT]
"""A strict integer that also takes a float with no fraction, as the OpenAPI schema allows;
bounds go on the field (`x: Int = Field(ge=0)`)."""
