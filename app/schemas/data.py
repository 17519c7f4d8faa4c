"""Points, predictions, traces, weight edits and the training history."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Strict, Tag

from app.core import limits
from app.schemas.numbers import WHOLE_AS_INT, Int

__all__ = [
    "POINT_FORMS",
    "History",
    "ListedPoint",
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
SplitName = Literal["train", "val", "test"]
LabelledPoint = tuple[Coordinate, Coordinate, Label]
PlacedPoint = tuple[Coordinate, Coordinate, Label, SplitName]
POINT_FORMS = ("labelled", "placed")
"""The two row forms, told apart by length so a bad row is checked against its own form only."""


def _point_form(row: Any) -> str:
    return POINT_FORMS[1] if isinstance(row, list | tuple) and len(row) == 4 else POINT_FORMS[0]


UserPoint = Annotated[
    Annotated[LabelledPoint, Tag(POINT_FORMS[0])] | Annotated[PlacedPoint, Tag(POINT_FORMS[1])],
    Discriminator(_point_form),
]
ListedPoint = Annotated[
    Annotated[LabelledPoint, Strict(False), Tag(POINT_FORMS[0])]
    | Annotated[PlacedPoint, Strict(False), Tag(POINT_FORMS[1])],
    Discriminator(_point_form),
]
"""A `UserPoint` inside a body validated from Python objects (a route's JSON body), where a row
arrives as a list: the row may be a list, its items stay strict."""


class PredictIn(BaseModel):
    """Raw (x1, x2) points inside the data box."""

    model_config = ConfigDict(
        strict=True, extra="forbid", json_schema_extra={"examples": [{"points": [[0.5, -1.0]]}]}
    )

    points: list[Point] = Field(
        min_length=1,
        max_length=limits.MAX_POINTS,
        description="[x1, x2] pairs, each coordinate in [-6, 6].",
        examples=[[[0.5, -1.0], [2.0, 3.0]]],
    )


class PredictOut(BaseModel):
    """Class (or value) per point; class probabilities per point (null for regression)."""

    predictions: list[int] | list[float | None] = Field(
        description="Class labels (classification) or values (regression; null where the "
        "network's output is not finite).",
        examples=[[1]],
    )
    probabilities: list[list[float | None]] | None = Field(
        description="Per point, one probability per class (binary: one, P(class 1)); "
        "null for regression.",
        examples=[[[0.2, 0.8]]],
    )


class TraceLayer(BaseModel):
    """One layer of one example: z = W a + b, a = g(z), and with a label delta, dW, db."""

    z: list[float | None] = Field(description="Pre-activations W a + b.", examples=[[0.4, -1.1]])
    a: list[float | None] = Field(description="Activations g(z).", examples=[[0.38, -0.8]])
    delta: list[float | None] | None = Field(
        description="dL/dz; null without a label.", examples=[[0.02, -0.01]]
    )
    dW: list[list[float | None]] | None = Field(
        description="dL/dW = delta a_prev^T; null without a label.",
        examples=[[[0.01, 0.0], [-0.02, 0.01]]],
    )
    db: list[float | None] | None = Field(
        description="dL/db = delta; null without a label.", examples=[[0.02, -0.01]]
    )


class Trace(BaseModel):
    """One example through the network, forward and (with a label) backward."""

    input: list[float | None] = Field(
        description="The network's input features.", examples=[[1.0, -2.0]]
    )
    label: float | None = Field(description="The label given, if any.", examples=[1])
    layers: list[TraceLayer] = Field(description="One entry per weight layer, input to output.")
    output: list[float | None] = Field(description="The network's output.", examples=[[0.73]])
    loss: float | None = Field(
        description="The example's loss; null without a label.", examples=[0.31]
    )


class PointsIn(BaseModel):
    """User data that replaces the generated points: [x1, x2, label] or [x1, x2, label, split]
    rows inside the box; a row without a split is a training point."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={
            "examples": [{"points": [[1.0, 2.0, 0], [-3.0, 0.5, 1], [2.0, -1.0, 1, "test"]]}]
        },
    )

    points: list[UserPoint] = Field(
        min_length=2,
        max_length=limits.MAX_POINTS,
        description="[x1, x2, label] or [x1, x2, label, split] rows: coordinates in [-6, 6]; "
        "a class 0..k-1, or a regression target; split is train (the default), val or test. "
        "At least one point must be a training point.",
        examples=[[[1.0, 2.0, 0], [-3.0, 0.5, 1], [2.0, -1.0, 1, "test"]]],
    )

    def splits(self) -> list[str]:
        """Each point's split name (train when its row has none)."""
        return [row[3] if len(row) == 4 else "train" for row in self.points]


class SplitPoints(BaseModel):
    """One split: X[i] = [x1, x2], y[i] its label (or regression target)."""

    X: list[list[float]] = Field(description="[x1, x2] per point.", examples=[[[1.0, 2.0]]])
    y: list[float] = Field(description="Label (or target) per point.", examples=[[0]])


class PointsPublic(BaseModel):
    """The points of every split."""

    train: SplitPoints = Field(description="The points the network trains on.")
    val: SplitPoints = Field(description="The points early stopping watches.")
    test: SplitPoints = Field(description="The held-out points.")


class WeightEdit(BaseModel):
    """Set W[row][col] of weight layer `layer` (0 = into the first hidden layer), or the bias
    b[row] when `col` is null."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={"examples": [{"layer": 0, "row": 1, "col": 0, "value": 0.5}]},
    )

    layer: Int = Field(ge=0, le=limits.MAX_LAYERS, description="Weight layer index.", examples=[0])
    row: Int = Field(ge=0, le=255, description="Neuron of this layer.", examples=[1])
    col: Annotated[int, Field(ge=0, le=255), WHOLE_AS_INT] | None = Field(
        default=None,
        description="Input of this layer; null sets the bias.",
        examples=[0],
    )
    value: float = Field(
        ge=-limits.MAX_ABS_WEIGHT,
        le=limits.MAX_ABS_WEIGHT,
        description="The new value.",
        examples=[0.5],
    )


class History(BaseModel):
    """Metrics after each training call, bounded in length (older points thinned)."""

    model_config = ConfigDict(extra="allow")

    step: list[int] = Field(description="Step of each point.", examples=[[0, 10, 20]])
    train_loss: list[float | None] = Field(description="Per point.", examples=[[0.69, 0.5, 0.4]])
    val_loss: list[float | None] = Field(description="Per point.", examples=[[0.7, 0.52, 0.43]])
    test_loss: list[float | None] = Field(description="Per point.", examples=[[0.7, 0.53, 0.44]])
    train_accuracy: list[float | None] = Field(
        description="Per point; null for regression.", examples=[[0.5, 0.7, 0.8]]
    )
    val_accuracy: list[float | None] = Field(
        description="Per point; null for regression.", examples=[[0.5, 0.68, 0.78]]
    )
    test_accuracy: list[float | None] = Field(
        description="Per point; null for regression.", examples=[[0.5, 0.66, 0.77]]
    )
    learning_rate: list[float | None] = Field(
        description="Per point.", examples=[[0.03, 0.03, 0.03]]
    )
    grad_norms: list[list[float | None]] = Field(
        description="Per weight layer, per point.", examples=[[[0.0, 0.2, 0.1], [0.0, 0.3, 0.2]]]
    )
