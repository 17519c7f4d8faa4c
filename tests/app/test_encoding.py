from __future__ import annotations

import base64
import json
import math

import numpy as np

from app.sessions.encoding import encode_grid, grid_as_lists, jsonable, sse_event
from tests.app.sse import decode


def test_fixed_range_grid_quantises_to_the_nearest_byte() -> None:
    values = np.linspace(0.0, 1.0, 16).reshape(4, 4, 1)
    grid = encode_grid(values, fixed_range=(0.0, 1.0))
    assert list(base64.b64decode(grid["data"])) == [17 * i for i in range(16)]
    assert (grid["min"], grid["max"], grid["channels"]) == (0.0, 1.0, 1)


def test_grid_round_trips_within_half_a_step() -> None:
    values = np.random.default_rng(0).normal(size=(7, 7, 3))
    grid = encode_grid(values)
    step = (grid["max"] - grid["min"]) / 255
    np.testing.assert_allclose(decode(grid), values, atol=step / 2 + 1e-12)


def test_per_channel_ranges_are_lists() -> None:
    values = np.stack([np.zeros((3, 3)), np.full((3, 3), 5.0)], axis=-1)
    values[0, 0, 0] = -1.0
    grid = encode_grid(values, per_channel=True)
    assert grid["min"] == [-1.0, 5.0]
    assert grid["max"] == [0.0, 5.0]
    raw = np.frombuffer(base64.b64decode(grid["data"]), dtype=np.uint8).reshape(3, 3, 2)
    assert raw[0, 0, 0] == 0 and raw[1, 1, 0] == 255
    assert not raw[:, :, 1].any()


def test_channels_are_interleaved_row_major() -> None:
    values = np.arange(2 * 2 * 2, dtype=float).reshape(2, 2, 2)
    grid = encode_grid(values, fixed_range=(0.0, 255.0))
    assert list(base64.b64decode(grid["data"])) == list(range(8))


def test_non_finite_values_never_break_the_encoding() -> None:
    values = np.array([[[np.nan], [np.inf]], [[-np.inf], [0.5]]])
    grid = encode_grid(values)
    assert len(base64.b64decode(grid["data"])) == 4
    assert math.isfinite(grid["min"]) and math.isfinite(grid["max"])
    all_nan = encode_grid(np.full((2, 2, 1), np.nan))
    assert (all_nan["min"], all_nan["max"]) == (0.0, 0.0)


def test_plain_json_grid_and_values() -> None:
    grid = grid_as_lists(np.array([[1.0, np.nan]]))
    assert grid == {"resolution": 1, "channels": 1, "encoding": "json", "values": [[[1.0], [None]]]}
    assert jsonable({"a": np.float32(2.5), "b": [np.int64(3), np.inf], "c": np.bool_(True)}) == {
        "a": 2.5,
        "b": [3, None],
        "c": True,
    }


def test_sse_event_is_one_compact_data_line() -> None:
    event = sse_event("frame", {"step": 1, "x": [1, 2]})
    assert event == b'event: frame\ndata: {"step":1,"x":[1,2]}\n\n'
    assert json.loads(event.split(b"data: ")[1])["step"] == 1
