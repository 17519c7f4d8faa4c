"""Grids over the data box and the stream's frame: quantised base64 or plain JSON."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from app.schemas.sessions import (
    Diagnosis,
    LayerStats,
    MessageCode,
    Status,
    message_code_field,
    message_params_field,
)

__all__ = ["Boundary", "EncodedGrid", "Frame", "JsonGrid", "WeightLayer"]


class EncodedGrid(BaseModel):
    """R x R cells with c channels as uint8 bytes, base64: row-major, row 0 = top (x2 = +6),
    column 0 = left (x1 = -6), channels interleaved. Byte v of channel j decodes to
    `min + v / 255 * (max - min)` (min/max are lists, one per channel, for neuron grids)."""

    resolution: int = Field(ge=1, description="R: cells per side.", examples=[50])
    channels: int = Field(ge=1, description="c: values per cell.", examples=[1])
    min: float | list[float] = Field(description="Value of byte 0.", examples=[0.0])
    max: float | list[float] = Field(description="Value of byte 255.", examples=[1.0])
    encoding: Literal["uint8-base64"] = Field(
        default="uint8-base64", description="How `data` is encoded.", examples=["uint8-base64"]
    )
    data: str = Field(description="base64 of R*R*c bytes.", examples=["AAECAw=="])


class JsonGrid(BaseModel):
    """The same grid as plain numbers: `values[row][column][channel]`, row 0 at the top."""

    resolution: int = Field(ge=1, description="R: cells per side.", examples=[2])
    channels: int = Field(ge=1, description="c: values per cell.", examples=[1])
    encoding: Literal["json"] = Field(
        default="json", description="Plain numbers in `values`.", examples=["json"]
    )
    values: list[list[list[float | None]]] = Field(
        description="values[row][column][channel]; null where the network's output is not finite.",
        examples=[[[[0.1], [0.9]], [[0.4], [0.6]]]],
    )


class Boundary(BaseModel):
    """The decision boundary: binary = P(class 1); multiclass/multilabel = one channel per class
    (probabilities); regression = the prediction. `neurons` has one grid per hidden layer."""

    step: int = Field(ge=0, description="Optimiser steps taken when it was drawn.", examples=[120])
    grid: EncodedGrid | JsonGrid = Field(description="The output over the grid.")
    neurons: list[EncodedGrid] | list[JsonGrid] | None = Field(
        default=None, description="Per-neuron activations, when asked for with neurons=true."
    )


class WeightLayer(BaseModel):
    """One weight layer: W has one row per neuron of this layer, one column per input."""

    W: list[list[float | None]] = Field(
        description="W[neuron][input]; null if not finite.", examples=[[[0.5, -1.2], [0.1, 0.3]]]
    )
    b: list[float | None] = Field(description="b[neuron].", examples=[[0.0, 0.1]])


class Frame(BaseModel):
    """One SSE `frame` event's data (sent on connect and once per tick while playing)."""

    step: int = Field(ge=0, description="Optimiser steps taken.", examples=[120])
    epoch: int = Field(ge=0, description="Passes over the training set.", examples=[4])
    status: Status = Field(description="As in the session's metrics.", examples=["running"])
    playing: bool = Field(description="Whether the server's play loop runs.", examples=[True])
    learning_rate: float | None = Field(description="Current learning rate.", examples=[0.03])
    train_loss: float | None = Field(description="Null when not finite.", examples=[0.31])
    val_loss: float | None = Field(description="Null without a validation split.", examples=[0.33])
    test_loss: float | None = Field(description="Null without a test split.", examples=[0.35])
    train_accuracy: float | None = Field(description="Null for regression.", examples=[0.9])
    val_accuracy: float | None = Field(description="Null for regression.", examples=[0.88])
    test_accuracy: float | None = Field(description="Null for regression.", examples=[0.87])
    diverged_at: int | None = Field(description="Step of the first NaN/inf.", examples=[None])
    message: str | None = Field(
        description="What to try when the run diverged or stopped early.", examples=[None]
    )
    message_code: MessageCode | None = message_code_field()
    message_params: dict[str, Any] | None = message_params_field()
    layers: list[LayerStats] = Field(
        description="Per weight layer: weight norm, gradient norm, dead fraction."
    )
    diagnoses: list[Diagnosis] = Field(
        default_factory=list, description="As in the session's metrics."
    )
    grid: EncodedGrid = Field(description="The decision boundary at the stream's resolution.")
    neurons: list[EncodedGrid] | None = Field(default=None, description="With neurons=true.")
    weights: list[WeightLayer] | None = Field(default=None, description="With weights=true.")
