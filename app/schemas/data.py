"""Points, predictions, traces, weight edits and the training history."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core import limits

__all__ = [
    "History",
    "PointsIn",
    "PointsPublic",
    "PredictIn",
    "PredictOut",
    "SplitPoints",
    "Trace",
    "TraceLayer",
    "WeightEdit",
]

Coordinate = Annotated[float, Field(ge=-limits.DATA_BOX, le=limits.DATA_BOX)]
Label = Annotated[float, Field(ge=-limits.MAX_ABS_TARGET, le=limits.MAX_ABS_TARGET)]
Point = Annotated[list[Coordinate], Field(min_length=2, max_length=2)]
LabelledPoint = tuple[Coordinate, Coordinate, Label]


class PredictIn(BaseModel):
    """Raw (x1, x2) points inside the data box."""

    model_config = ConfigDict(
        strict=True, extra="forbid", json_schema_extra={"examples": [{"points": [[0.5, -1.0]]}]}
    )

    points: list[Point] = Field(min_length=1, max_length=limits.MAX_POINTS)


class PredictOut(BaseModel):
    """Class (or value) per point; class probabilities per point (null for regression)."""

    predictions: list[int] | list[float] = Field(
        description="Class labels (classification) or values (regression).", examples=[[1]]
    )
    probabilities: list[list[float | None]] | None = Field(examples=[[[0.2, 0.8]]])


class TraceLayer(BaseModel):
    """One layer of one example: z = W a + b, a = g(z), and with a label delta, dW, db."""

    z: list[float | None]
    a: list[float | None]
    delta: list[float | None] | None
    dW: list[list[float | None]] | None
    db: list[float | None] | None


class Trace(BaseModel):
    """One example through the network, forward and (with a label) backward."""

    input: list[float | None] = Field(description="The network's input features.")
    label: float | None = Field(description="The label given, if any.")
    layers: list[TraceLayer]
    output: list[float | None]
    loss: float | None


class PointsIn(BaseModel):
    """User data that replaces the generated points: [x1, x2, label] rows inside the box."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={"examples": [{"points": [[1.0, 2.0, 0], [-3.0, 0.5, 1]]}]},
    )

    points: list[LabelledPoint] = Field(min_length=2, max_length=limits.MAX_POINTS)


class SplitPoints(BaseModel):
    """One split: X[i] = [x1, x2], y[i] its label (or regression target)."""

    X: list[list[float]]
    y: list[float]


class PointsPublic(BaseModel):
    """The points of every split."""

    train: SplitPoints
    val: SplitPoints
    test: SplitPoints


class WeightEdit(BaseModel):
    """Set W[row][col] of weight layer `layer` (0 = into the first hidden layer), or the bias
    b[row] when `col` is null."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={"examples": [{"layer": 0, "row": 1, "col": 0, "value": 0.5}]},
    )

    layer: int = Field(ge=0, le=limits.MAX_LAYERS, description="Weight layer index.")
    row: int = Field(ge=0, le=255, description="Neuron of this layer.")
    col: int | None = Field(
        default=None, ge=0, le=255, description="Input of this layer; null sets the bias."
    )
    value: float = Field(ge=-limits.MAX_ABS_WEIGHT, le=limits.MAX_ABS_WEIGHT)


class History(BaseModel):
    """Metrics after each training call, bounded in length (older points thinned)."""

    model_config = ConfigDict(extra="allow")

    step: list[int]
    train_loss: list[float | None]
    val_loss: list[float | None]
    test_loss: list[float | None]
    train_accuracy: list[float | None]
    val_accuracy: list[float | None]
    test_accuracy: list[float | None]
    learning_rate: list[float | None]
    grad_norms: list[list[float | None]] = Field(description="Per weight layer, per point.")
