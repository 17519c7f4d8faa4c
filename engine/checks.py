"""Field checks shared by the config and the run: each returns the clean value or raises a
ValueError that names the field and says what it accepts.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "MAX_COUNT",
    "MAX_DECAY",
    "check_array",
    "check_bool",
    "check_choice",
    "check_count",
    "check_int",
    "check_key",
    "check_mapping",
    "check_number",
    "fail",
]

MAX_COUNT = 10**15
"""Upper bound on a saved counter (steps, epochs, examples): well inside a float's exact range."""

MAX_DECAY = 0.999999
"""Upper bound on an optimiser's decay factor (beta_1, beta_2, rho): 1 would freeze its averages.
The request schema and `GET /api/options` declare this same bound."""

_SHORT = reprlib.Repr()
_SHORT.maxlist = _SHORT.maxdict = 4
_SHORT.maxstring = _SHORT.maxother = 40


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


def _brief(where: str, expected: str, value: object) -> ValueError:
    """Like `fail`, with `value` shortened (saved documents can hold long lists)."""
    return ValueError(f"{where} must be {expected}, got {_SHORT.repr(value)}")


def check_mapping(where: str, value: object) -> Mapping[str, Any]:
    """A JSON object."""
    if not isinstance(value, Mapping):
        raise _brief(where, "an object", value)
    return value


def check_key(where: str, values: Mapping[str, Any], key: str) -> Any:
    """values[key], or ValueError naming the missing field `where.key`."""
    if key not in values:
        raise ValueError(f"{where + '.' if where else ''}{key} is missing")
    return values[key]


def check_count(where: str, value: object, low: int = 0, high: int = MAX_COUNT) -> int:
    """An integer (not a bool) in [low, high]; high defaults to MAX_COUNT."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _brief(where, f"an integer >= {low}", value)
    if value > high:
        raise _brief(where, f"an integer <= {high}", value)
    return value


def check_array(
    where: str,
    value: object,
    shape: Sequence[int],
    *,
    integers: bool = False,
    none_as_nan: bool = False,
) -> NDArray[Any]:
    """A (nested) list of finite numbers of `shape` (-1: any length) as float64, or int64 with
    `integers`; with `none_as_nan`, null entries of a flat list stand for NaN."""
    expected = f"{'integers' if integers else 'finite numbers'} of shape {_shape(shape)}"
    if not isinstance(value, list):
        raise _brief(where, f"a list of {expected}", value)
    items: list[Any] = value
    if none_as_nan:
        items = [math.nan if v is None else v for v in value]
    try:
        array = np.asarray(items)
    except (TypeError, ValueError, OverflowError):
        raise _brief(where, f"a regular list of {expected}", value) from None
    if array.size == 0:
        array = array.astype(np.int64 if integers else np.float64)
        empty = [0 if n < 0 else n for n in shape]
        if array.ndim < len(shape) and 0 in empty:
            array = array.reshape(empty)
    kinds = "iu" if integers else "iuf"
    if array.dtype.kind not in kinds or not _fits(array.shape, shape) or _has_bool(value):
        raise _brief(where, f"a list of {expected}", value)
    if integers:
        return array.astype(np.int64)
    array = array.astype(np.float64)
    finite = np.isfinite(array)
    if none_as_nan:
        finite |= np.array([v is None for v in value]).reshape(finite.shape)
    if not np.all(finite):
        raise _brief(where, f"a list of {expected}", value)
    return array


def _shape(shape: Sequence[int]) -> str:
    return (
        "("
        + ", ".join("n" if n < 0 else str(n) for n in shape)
        + ("," if len(shape) == 1 else "")
        + ")"
    )


def _fits(actual: tuple[int, ...], shape: Sequence[int]) -> bool:
    return len(actual) == len(shape) and all(
        n < 0 or a == n for a, n in zip(actual, shape, strict=False)
    )


def _has_bool(value: list[Any]) -> bool:
    """Whether a (nested) list holds true or false, which NumPy would read as 1 or 0."""
    return any(isinstance(v, bool) or (isinstance(v, list) and _has_bool(v)) for v in value)
