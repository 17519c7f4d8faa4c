"""Reading Server-Sent Events and decoding the grids inside frames, for the stream tests."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
from numpy.typing import NDArray


def events(response: httpx.Response) -> Iterator[tuple[str, str]]:
    """(event name, data) of each Server-Sent Event; comments (`: ping`) are skipped."""
    event, data = "message", []
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if line.startswith("event:"):
            event = line[len("event:") :].strip()
        elif line.startswith("data:"):
            data.append(line[len("data:") :].strip())
        elif line == "" and data:
            yield event, "\n".join(data)
            event, data = "message", []


def frames(response: httpx.Response) -> Iterator[dict[str, Any]]:
    """Each `frame` event's JSON, in order."""
    for event, data in events(response):
        if event == "frame":
            yield json.loads(data)


def decode(grid: dict[str, Any]) -> NDArray[np.float64]:
    """A uint8-base64 grid back to (R, R, c) floats, as docs/api.md says."""
    raw = np.frombuffer(base64.b64decode(grid["data"]), dtype=np.uint8)
    r, c = grid["resolution"], grid["channels"]
    assert raw.size == r * r * c
    low = np.asarray(grid["min"], dtype=np.float64)
    high = np.asarray(grid["max"], dtype=np.float64)
    values = raw.reshape(r, r, c).astype(np.float64)
    return low + values / 255.0 * (high - low)
