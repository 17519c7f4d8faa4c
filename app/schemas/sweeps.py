"""What a sweep looks like from outside: the body that starts one and the results it answers.

The body's fields are the engine's (`engine.sweeps.spec.parse_sweep`); the schema bounds each
one, and the engine checks what JSON Schema cannot (dotted paths, values a field accepts, the
number of runs and examples).
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core import limits
from app.schemas.config import RunConfigIn
from app.schemas.data import ListedPoint
from app.schemas.numbers import Int
from engine.run import MAX_STEPS_PER_CALL
from engine.sweeps.spec import MAX_CURVE_POINTS, MAX_EPOCHS, MAX_RUNS_PER_SWEEP, MAX_SEEDS

__all__ = [
    "BudgetIn",
    "HalvingIn",
    "RandomSearchIn",
    "SweepCreated",
    "SweepIn",
    "SweepPublic",
]

Metric = Literal[
    "val_loss", "test_loss", "train_loss", "val_accuracy", "test_accuracy", "train_accuracy"
]
Status = Literal["queued", "running", "done", "cancelled", "failed"]
GridValue = float | int | str | bool | list[int] | None
"""A value a grid tries for a config field: a number, a name, a list of layer sizes."""
_STRICT = ConfigDict(strict=True, extra="forbid")


class RandomSearchIn(BaseModel):
    """A seeded random search: `n` cells drawn from `space`."""

    model_config = _STRICT

    n: Int = Field(ge=1, le=MAX_RUNS_PER_SWEEP, description="Cells to draw.", examples=[20])
    space: dict[str, dict[str, list[GridValue]]] = Field(
        min_length=1,
        max_length=16,
        description='Dotted path -> one rule: {"log_uniform": [low, high]}, {"uniform": '
        '[low, high]} or {"choice": [values]}.',
        examples=[{"training.learning_rate": {"log_uniform": [0.001, 1.0]}}],
    )
    seed: Int = Field(default=0, ge=0, le=2**32 - 1, description="Seed of the draws.", examples=[0])


class BudgetIn(BaseModel):
    """How long every run trains: epochs or steps (one of them)."""

    model_config = _STRICT

    epochs: Int | None = Field(
        default=None, ge=1, le=MAX_EPOCHS, description="Passes over the data.", examples=[100]
    )
    steps: Int | None = Field(
        default=None,
        ge=1,
        le=MAX_STEPS_PER_CALL,
        description="Updates (mini-batches).",
        examples=[3000],
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.epochs is None) == (self.steps is None):
            raise ValueError('give exactly one of "epochs" or "steps"')
        return self


class HalvingIn(BaseModel):
    """Successive halving: every `every` units of the budget, keep the best `keep` share of the
    cells (by the metric, mean over seeds); the rest stop there."""

    model_config = _STRICT

    every: Int = Field(
        ge=1,
        le=MAX_STEPS_PER_CALL,
        description="Epochs (or steps, the budget's unit) between cuts.",
        examples=[20],
    )
    keep: float = Field(
        gt=0.0, lt=1.0, description="Share of the cells that go on after a cut.", examples=[0.5]
    )


class SweepIn(BaseModel):
    """A sweep: a base run config, the cells to try, seeds per cell and a budget."""

    model_config = _STRICT

    base: RunConfigIn = Field(
        default_factory=RunConfigIn, description="The run every cell starts from (partial)."
    )
    grid: dict[str, list[GridValue]] | None = Field(
        default=None,
        min_length=1,
        max_length=8,
        description="Dotted config path -> the values to try; every combination is a cell, "
        "the first path varying slowest.",
        examples=[{"training.learning_rate": [0.003, 0.03, 0.3], "training.alpha": [0, 0.01]}],
    )
    random: RandomSearchIn | None = Field(
        default=None, description="A random search instead of a grid."
    )
    seeds: Int | list[Int] = Field(
        default=1,
        description=f"Seeds per cell: a count (1 to {MAX_SEEDS}, from the base's random_state "
        "on) or a list of distinct seeds.",
        examples=[3, [0, 1, 2]],
    )
    budget: BudgetIn = Field(
        default_factory=lambda: BudgetIn(epochs=100), description="How long each run trains."
    )
    metric: Metric | None = Field(
        default=None,
        description="What ranks the cells (losses: lower is better). Default: val_loss, or "
        "test_loss without a validation split, else train_loss.",
        examples=["val_loss"],
    )
    curve_points: Int = Field(
        default=20,
        ge=1,
        le=MAX_CURVE_POINTS,
        description="Points of each run's loss/accuracy curve.",
        examples=[20],
    )
    thumbnail: Int = Field(
        default=24,
        ge=2,
        le=limits.MAX_SWEEP_THUMBNAIL,
        description="Cells per side of each run's decision-boundary picture.",
        examples=[24],
    )
    halving: HalvingIn | None = Field(
        default=None, description="Successive halving of the cells (optional)."
    )
    points: list[ListedPoint] | None = Field(
        default=None,
        min_length=2,
        max_length=limits.MAX_POINTS,
        description="Your own points, which every run trains on instead of the generated "
        "dataset (optional): [x1, x2, label] or [x1, x2, label, split] rows, checked as PUT "
        "/api/sessions/{id}/points checks them. A cell opened as a session keeps them.",
        examples=[[[1.0, 2.0, 0], [-3.0, 0.5, 1], [2.0, -1.0, 1, "test"]]],
    )

    def engine_body(self) -> dict[str, Any]:
        """The fields the client sent, as the engine's sweep JSON."""
        return {
            key: value
            for key, value in self.model_dump(exclude_unset=True).items()
            if value is not None or key in ("grid", "random", "halving")
        }


class SweepCreated(BaseModel):
    """The answer to starting a sweep."""

    id: str = Field(
        description="The sweep's id (unguessable: it is the only way to reach the sweep).",
        examples=["Zk3v0q6ZlqQe6tq1Yw0b8f4N1Xc2r2bA"],
    )
    total: int = Field(description="Runs in the sweep (cells x seeds).", examples=[27])
    status: Status = Field(description="Always `queued` at first.", examples=["queued"])


class MeanStd(BaseModel):
    """One metric over a cell's seeds."""

    mean: float | None = Field(
        description="Mean over the seeds (null: a seed has no value).", examples=[0.213]
    )
    std: float | None = Field(description="Population standard deviation.", examples=[0.012])


class Thumbnail(BaseModel):
    """A run's decision boundary as uint8 bytes, as engine/sweeps/runner.py `thumbnail()`."""

    resolution: int = Field(description="Cells per side.", examples=[24])
    kind: Literal["probability", "class", "value"] = Field(
        description="What a byte means: P(class 1) x 255, the predicted class, or the value "
        "scaled from lo (0) to hi (255).",
        examples=["probability"],
    )
    lo: float = Field(description="The value byte 0 stands for.", examples=[0.0])
    hi: float = Field(description="The value byte 255 stands for.", examples=[1.0])
    data: str = Field(
        description="Base64 of resolution² bytes, row-major, row 0 at x2 = +6.",
        examples=["AAECAw=="],
    )


class RunOut(BaseModel):
    """One seed of a cell."""

    seed: int = Field(description="The run's random_state.", examples=[0])
    final: dict[str, Any] = Field(
        description="Step, epoch, status and every split's loss and accuracy at the end (or "
        "at the cut); null where a value is not finite.",
        examples=[{"step": 3000, "epoch": 100, "train_loss": 0.12, "val_loss": 0.15}],
    )
    curve: dict[str, list[Any]] = Field(
        description="The same keys at each of the sweep's curve points.",
        examples=[{"step": [150, 300], "val_loss": [0.4, 0.2]}],
    )
    thumbnail: Thumbnail = Field(description="The decision boundary at the end.")


class CellOut(BaseModel):
    """One combination of the varied settings, over its seeds."""

    index: int = Field(description="The cell's place in grid order.", examples=[4])
    params: dict[str, GridValue] = Field(
        description="Dotted path -> the value this cell tries.",
        examples=[{"training.learning_rate": 0.03}],
    )
    cut_at: int | None = Field(
        description="With halving: the budget count at which this cell was dropped (null: "
        "it trained to the end).",
        examples=[None],
    )
    runs: list[RunOut] = Field(description="Its finished seeds.")
    train_loss: MeanStd = Field(description="Training loss over the seeds.")
    val_loss: MeanStd = Field(description="Validation loss over the seeds.")
    test_loss: MeanStd = Field(description="Test loss over the seeds.")
    train_accuracy: MeanStd = Field(description="Training accuracy over the seeds.")
    val_accuracy: MeanStd = Field(description="Validation accuracy over the seeds.")
    test_accuracy: MeanStd = Field(description="Test accuracy over the seeds.")


class SweepPublic(BaseModel):
    """A sweep's progress and its results so far."""

    id: str = Field(description="The sweep's id.", examples=["Zk3v0q6ZlqQe6tq1Yw0b8f4N1Xc2r2bA"])
    status: Status = Field(description="Where the sweep is.", examples=["running"])
    done: int = Field(description="Runs finished (or cut).", examples=[12])
    total: int = Field(description="Runs in the sweep.", examples=[27])
    metric: Metric = Field(description="What ranks the cells.", examples=["val_loss"])
    params: list[str] = Field(
        description="The dotted paths varied, in grid order.",
        examples=[["training.learning_rate", "training.alpha"]],
    )
    values: dict[str, list[GridValue]] = Field(
        description="Each varied path's values in order (a random search: each cell's).",
        examples=[{"training.learning_rate": [0.003, 0.03, 0.3]}],
    )
    cells: list[CellOut] = Field(description="Cells with at least one finished run.")
    ranking: list[int] = Field(
        description="Cell indices, best first by the metric (cut cells after those that went "
        "on, unknown values last).",
        examples=[[4, 1, 7]],
    )
    best: int | None = Field(description="The best cell's index so far.", examples=[4])
    error: str | None = Field(
        description="Why the sweep failed (null unless `failed`).", examples=[None]
    )
