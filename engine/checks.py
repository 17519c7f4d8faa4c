"""Field checks shared by the config and the run: each returns the clean value or raises a
ValueError that names the field and says what it accepts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["check_bool", "check_choice", "check_int", "check_number", "fail"]


def fail(where: str, expected: str, value: object) -> ValueError:
    """The error for field `where` holding `value` where `expected` was wanted."""
    return ValueError(f"{where} must be {expected}, got {value!r}")


def check_int(where: str, value: object, low: int, high: int) -> int:
    """An integer (not a bool) in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise fail(where, f"an integer in [{low}, {high}]", value)
    return value


def check_number(
    where: str, value: object, low: float, high: float, *, open_low: bool = False
) -> float:
    """A finite int or float in [low, high] ((low, high] with open_low), as a float."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    number = float(value) if ok else math.nan  # type: ignore[arg-type]
    inside = (low < number if open_low else low <= number) and number <= high
    if not ok or not math.isfinite(number) or not inside:
        bracket = "(" if open_low else "["
        raise fail(where, f"a number in {bracket}{low:g}, {high:g}]", value)
    return number


def check_bool(where: str, value: object) -> bool:
    """true or false (not 0 or 1)."""
    if not isinstance(value, bool):
        raise fail(where, "true or false", value)
    return value


def check_choice(where: str, value: object, table: Mapping[str, object]) -> str:
    """A name from `table`; the error lists every valid name."""
    if not isinstance(value, str) or value not in table:
        raise ValueError(f"{where} must be one of: {', '.join(table)}; got {value!r}")
    return value
