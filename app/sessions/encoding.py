"""Turn engine output into JSON: uint8-quantised base64 grids and NaN-free plain values."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["ENCODING", "encode_grid", "encode_layers", "grid_as_lists", "jsonable", "sse_event"]

ENCODING = "uint8-base64"


def jsonable(value: Any) -> Any:
    """Plain JSON values: NumPy scalars and arrays unwrapped, NaN and ±inf as null."""
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def _quantise(values: NDArray[np.floating[Any]], low: NDArray[Any], high: NDArray[Any]) -> bytes:
    span = np.where(high > low, high - low, 1.0)
    clean = np.where(np.isnan(values), low, np.clip(values, low, high))
    scaled = (clean - low) * (255.0 / span)
    quantised: bytes = np.clip(scaled + 0.5, 0.0, 255.0).astype(np.uint8).tobytes()
    return quantised


def _finite_range(values: NDArray[np.floating[Any]], axis: tuple[int, ...] | None) -> Any:
    finite = np.where(np.isfinite(values), values, np.nan)
    if not np.isfinite(finite).any():
        zero = np.zeros(values.shape[-1]) if axis is not None else np.float64(0.0)
        return zero, zero
    low = np.nanmin(finite, axis=axis)
    high = np.nanmax(finite, axis=axis)
    return np.nan_to_num(low), np.nan_to_num(high)


def encode_grid(
    values: NDArray[np.floating[Any]],
    fixed_range: tuple[float, float] | None = None,
    per_channel: bool = False,
) -> dict[str, Any]:
    """A (R, R, c) grid as `{"resolution", "channels", "min", "max", "encoding", "data"}`.

    Byte v of channel j decodes to `min + v / 255 * (max - min)`; `min` and `max` are numbers, or
    lists with one entry per channel when `per_channel` is set. Row 0 is the top of the box.
    """
    grid = np.asarray(values, dtype=np.float64)
    if grid.ndim == 2:
        grid = grid[:, :, np.newaxis]
    if fixed_range is not None:
        low, high = np.float64(fixed_range[0]), np.float64(fixed_range[1])
    else:
        low, high = _finite_range(grid, (0, 1) if per_channel else None)
    data = _quantise(grid, np.asarray(low), np.asarray(high))
    return {
        "resolution": int(grid.shape[0]),
        "channels": int(grid.shape[2]),
        "min": jsonable(low),
        "max": jsonable(high),
        "encoding": ENCODING,
        "data": base64.b64encode(data).decode("ascii"),
    }


def grid_as_lists(values: NDArray[np.floating[Any]]) -> dict[str, Any]:
    """A (R, R, c) grid as plain JSON: `values[row][col][channel]`, row 0 at the top."""
    grid = np.asarray(values, dtype=np.float64)
    if grid.ndim == 2:
        grid = grid[:, :, np.newaxis]
    values = grid.tolist() if np.isfinite(grid).all() else jsonable(grid)
    return {
        "resolution": int(grid.shape[0]),
        "channels": int(grid.shape[2]),
        "encoding": "json",
        "values": values,
    }


def encode_layers(grids: Sequence[NDArray[np.floating[Any]]]) -> list[dict[str, Any]]:
    """One encoded grid per hidden layer, each neuron a channel with its own range."""
    return [encode_grid(layer, per_channel=True) for layer in grids]


def sse_event(event: str, payload: dict[str, Any]) -> bytes:
    """One Server-Sent Event: `event:` line, one `data:` line of compact JSON, blank line."""
    data = json.dumps(payload, separators=(",", ":"), allow_nan=False)
    return f"event: {event}\ndata: {data}\n\n".encode()
