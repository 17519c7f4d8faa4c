"""Grids over the data box and the stream's frame: quantised base64 or plain JSON."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.sessions import LayerStats, Status

__all__ = ["Boundary", "EncodedGrid", "Frame", "JsonGrid", "WeightLayer"]


class EncodedGrid(BaseModel):
    """R x R cells with c channels as uint8 bytes, base64: row-major, row 0 = top (x2 = +6),
    column 0 = left (x1 = -6), channels interleaved. Byte v of channel j decodes to
    `min + v / 255 * (max - min)` (min/max are lists, one per channel, for neuron grids)."""

    resolution: int = Field(ge=1, description="R: cells per side.", examples=[50])
    channels: int = Field(ge=1, description="c: values per cell.", examples=[1])
    min: float | list[float] = Field(description="Value of byte 0.", examples=[0.0])
    max: float | list[float] = Field(description="Value of byte 255.", examples=[1.0])
    encoding: Literal["uint8-base64"] = "uint8-base64"
    data: str = Field(description="base64 of R*R*c bytes.", examples=["AAECAw=="])


class JsonGrid(BaseModel):
    """The same grid as plain numbers: `values[row][column][channel]`, row 0 at the top."""

    resolution: int = Field(ge=1, examples=[4])
    channels: int = Field(ge=1, examples=[1])
    encoding: Literal["json"] = "json"
    values: list[list[list[float | None]]] = Field(
        description="Null where the network's output is not finite."
    )


class Boundary(BaseModel):
    """The decision boundary: binary = P(class 1); multiclass/multilabel = one channel per class
    (probabilities); regression = the prediction. `neurons` has one grid per hidden layer."""

    step: int = Field(ge=0, examples=[120])
    grid: EncodedGrid | JsonGrid
    neurons: list[EncodedGrid] | list[JsonGrid] | None = Field(
        default=None, description="Per-neuron activations, when asked for with neurons=true."
    )


class WeightLayer(BaseModel):
    """One weight layer: W has one row per neuron of this layer, one column per input."""

    W: list[list[float | None]]
    b: list[float | None]


class Frame(BaseModel):
    """One SSE `frame` event's data (sent on connect and once per tick while playing)."""

    step: int
    epoch: int
    status: Status
    playing: bool
    learning_rate: float | None
    train_loss: float | None
    val_loss: float | None
    test_loss: float | None
    train_accuracy: float | None
    val_accuracy: float | None
    test_accuracy: float | None
    diverged_at: int | None
    message: str | None
    layers: list[LayerStats]
    grid: EncodedGrid
    neurons: list[EncodedGrid] | None = Field(default=None, description="With neurons=true.")
    weights: list[WeightLayer] | None = Field(default=None, description="With weights=true.")
