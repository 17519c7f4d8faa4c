"""Every choice the engine offers, the server's limits, and the guided lessons."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.config import RunConfigIn
from engine.options import CURVE_POINTS, CURVE_RANGE

__all__ = ["ActivationCurveAt", "Lesson", "Limits", "Options"]

_OPEN = ConfigDict(extra="allow")


class DatasetOption(BaseModel):
    model_config = _OPEN

    name: str = Field(description="The value of data.dataset.", examples=["spiral"])
    kind: str = Field(description="classification or regression", examples=["classification"])
    description: str = Field(
        description="What it is and what `noise` does.",
        examples=["Interleaved spiral arms; noise jitters the points."],
    )
    uses_n_classes: bool = Field(
        description="Whether data.n_classes picks the class count.", examples=[True]
    )
    min_classes: int = Field(description="Fewest classes.", examples=[2])
    max_classes: int = Field(description="Most classes.", examples=[6])


class NamedFormula(BaseModel):
    model_config = _OPEN

    name: str = Field(description="The value to send in a run config.", examples=["tanh"])
    formula: str = Field(
        description="The formula, in plain text.", examples=["(e^z - e^-z) / (e^z + e^-z)"]
    )


class ActivationCurve(BaseModel):
    """g(z) and g'(z) computed by the engine at evenly spaced z, for plotting (6 significant
    digits)."""

    model_config = _OPEN

    z: list[float] = Field(
        description=f"{CURVE_POINTS} evenly spaced points from -{CURVE_RANGE:g} to "
        f"{CURVE_RANGE:g}, ascending.",
        examples=[[-5.0, 0.0, 5.0]],
    )
    g: list[float] = Field(
        description="g(z) at each z; leaky_relu at the default network.leaky_slope.",
        examples=[[-0.999909, 0.0, 0.999909]],
    )
    dg: list[float] = Field(
        description="The derivative g'(z) at each z.", examples=[[0.000181583, 1.0, 0.000181583]]
    )


class ActivationCurveAt(ActivationCurve):
    """One activation sampled by the engine at a chosen network.leaky_slope (6 significant
    digits): what GET /api/activations/{name}/curve answers."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "name": "leaky_relu",
                    "leaky_slope": 0.1,
                    "z": [-5.0, 0.0, 5.0],
                    "g": [-0.5, 0.0, 5.0],
                    "dg": [0.1, 0.1, 1.0],
                }
            ]
        },
    )

    name: str = Field(
        description="The activation, a value of network.activation.", examples=["leaky_relu"]
    )
    leaky_slope: float = Field(
        description="The network.leaky_slope it was sampled at (only leaky_relu reads it).",
        examples=[0.1],
    )
    g: list[float] = Field(
        description="g(z) at each z, at this leaky_slope.", examples=[[-0.5, 0.0, 5.0]]
    )
    dg: list[float] = Field(
        description="The derivative g'(z) at each z, at this leaky_slope.",
        examples=[[0.1, 0.1, 1.0]],
    )


class ActivationOption(NamedFormula):
    curve: ActivationCurve = Field(description="The activation and its derivative, sampled.")


class OutputOption(BaseModel):
    model_config = _OPEN

    name: str = Field(description="The value of network.output.", examples=["binary"])
    activation: str = Field(description="The output layer's activation.", examples=["sigmoid"])
    description: str = Field(
        description="What the head predicts.", examples=["One unit: P(class 1)."]
    )
    kind: str = Field(description="classification or regression", examples=["classification"])
    losses: list[str] = Field(
        description="Costs that fit this head.", examples=[["cross_entropy", "mse"]]
    )


class InitializerOption(NamedFormula):
    uses_scale: bool = Field(description="Whether *_init_scale matters.", examples=[True])


class OptimizerOption(NamedFormula):
    settings: list[str] = Field(description="Training fields it reads.", examples=[["momentum"]])


class FeatureOption(BaseModel):
    model_config = _OPEN

    name: str = Field(description="The value in features.inputs.", examples=["x1*x2"])
    label: str = Field(description="How the page shows it.", examples=["x₁x₂"])
    formula: str = Field(description="What it computes.", examples=["x1 * x2"])


def _limit(description: str, example: float) -> Any:
    return Field(description=description, examples=[example])


class Limits(BaseModel):
    """What this server accepts; larger requests get 422 (or 413 for bodies)."""

    max_layers: int = _limit("Hidden layers at most.", 8)
    max_neurons: int = _limit("Neurons per hidden layer at most.", 16)
    min_samples: int = _limit("Generated points at least.", 10)
    max_points: int = _limit("Generated, uploaded or predicted points at most.", 2000)
    min_resolution: int = _limit("Grid cells per side at least.", 4)
    max_resolution: int = _limit("Grid cells per side at most.", 200)
    default_stream_resolution: int = _limit("Grid resolution when none is asked for.", 50)
    max_neuron_resolution: int = _limit("Neuron-grid cells per side at most (stream).", 100)
    max_json_grid_values: int = _limit(
        "Numbers a format=json boundary may hold (cells x channels).", 250000
    )
    default_neuron_resolution: int = _limit(
        "Neuron-grid resolution when none is asked for (at most the grid's).", 24
    )
    max_steps_per_call: int = _limit("Steps one step call may train.", 10000)
    max_epochs_per_call: int = _limit("Epochs one step call may ask for.", 1000)
    max_examples_per_call: int = _limit(
        "Steps x batch size (or epochs x training points) one step call may train.", 500000
    )
    min_fps: int = _limit("Play frame rate at least.", 1)
    max_fps: int = _limit("Play frame rate at most.", 60)
    default_fps: int = _limit("Frame rate of a new session.", 30)
    max_steps_per_frame: int = _limit("Training steps per played frame at most.", 100)
    default_steps_per_frame: int = _limit("Steps per frame of a new session.", 5)
    max_classes: int = _limit("Classes a dataset may have at most.", 10)
    data_box: float = _limit("x1 and x2 lie in [-data_box, data_box].", 6)
    max_sessions: int = _limit("Live sessions this server holds at once.", 200)
    session_ttl: float = _limit("Seconds an idle session lives.", 1800)
    max_body_bytes: int = _limit("Largest request body.", 1048576)
    max_viewers: int = _limit("Stream connections per session.", 16)
    max_streams: int = _limit("Stream connections across all sessions.", 256)


class FieldBounds(BaseModel):
    """The range a numeric config field accepts, as its request schema declares it."""

    model_config = _OPEN

    min: int | float | None = Field(description="Lowest value, or null for none.", examples=[0.0])
    max: int | float | None = Field(
        description="Highest value, or null for none.", examples=[100.0]
    )
    exclusive_min: bool = Field(description="Whether `min` itself is refused.", examples=[True])
    exclusive_max: bool = Field(description="Whether `max` itself is refused.", examples=[False])


class Options(BaseModel):
    """The engine's option tables (docs/api.md §2), its default config, and the limits."""

    model_config = _OPEN

    DATASETS: list[DatasetOption] = Field(description="Choices of data.dataset.")
    ACTIVATIONS: list[ActivationOption] = Field(description="Choices of network.activation.")
    OUTPUTS: list[OutputOption] = Field(description="Choices of network.output.")
    LOSSES: list[NamedFormula] = Field(description="Choices of network.loss.")
    INITIALIZERS: list[InitializerOption] = Field(
        description="Choices of network.kernel_initializer and bias_initializer."
    )
    OPTIMIZERS: list[OptimizerOption] = Field(description="Choices of training.optimizer.")
    SCHEDULES: list[NamedFormula] = Field(description="Choices of training.schedule.")
    REGULARIZERS: list[NamedFormula] = Field(description="Choices of training.regularization.")
    FEATURES: list[FeatureOption] = Field(description="Choices in features.inputs.")
    defaults: RunConfigIn = Field(description="The resolved default run config.")
    limits: Limits = Field(description="Every bound requests are checked against.")
    bounds: dict[str, FieldBounds] = Field(
        description="The range of every numeric config field, by dotted path "
        "(e.g. training.learning_rate).",
        examples=[
            {
                "training.learning_rate": {
                    "min": 0.0,
                    "max": 100.0,
                    "exclusive_min": True,
                    "exclusive_max": False,
                }
            }
        ],
    )


class LessonText(BaseModel):
    model_config = _OPEN

    do: str = Field(description="What to do.", examples=["Train with no hidden layer."])
    watch: str = Field(description="What to look at.", examples=["The boundary stays straight."])
    why: str = Field(description="Why it happens.", examples=["A linear model draws lines."])


class LessonPreset(BaseModel):
    model_config = _OPEN

    name: str = Field(description="Shown on the preset's button.", examples=["no hidden layer"])
    config: dict[str, Any] = Field(
        description="A full run config.", examples=[{"network": {"hidden_layer_sizes": []}}]
    )
    steps: int = Field(description="How long the lesson suggests training.", examples=[2000])


class LessonView(BaseModel):
    model_config = _OPEN

    neurons: bool = Field(description="Whether the page shows neuron grids.", examples=[True])
    gradient_flow: bool = Field(
        description="Whether the page shows gradient norms.", examples=[False]
    )


class LessonCompareRun(BaseModel):
    model_config = _OPEN

    label: dict[str, str] = Field(
        description="What this run changes, per language (en, zh).",
        examples=[{"en": "cross-entropy", "zh": "交叉熵"}],
    )
    config: dict[str, Any] = Field(
        description="A full run config, on the same data and seed as the other runs.",
        examples=[{"training": {"loss": "cross_entropy"}}],
    )


class Lesson(BaseModel):
    """A guided experiment; the first preset is the one the page opens."""

    model_config = _OPEN

    id: str = Field(description="Stable identifier.", examples=["hidden-layer"])
    number: int = Field(description="Position in the course, from 1.", examples=[1])
    title: dict[str, str] = Field(
        description="Per language.",
        examples=[{"en": "Why a hidden layer", "zh": "为什么需要隐藏层"}],
    )
    text: dict[str, LessonText] = Field(description="Per language (en, zh).")
    presets: list[LessonPreset] = Field(description="Configs to open, the first by default.")
    view: LessonView = Field(description="What the page should show.")
    compare: list[LessonCompareRun] | None = Field(
        default=None,
        description="For a lesson that is a comparison: 2 to 4 runs the page plays side by side.",
    )
    sweep: dict[str, Any] | None = Field(
        default=None,
        description="For a lesson proven by a sweep: the body of POST /api/sweeps to run.",
        examples=[{"grid": {"training.learning_rate": [0.01, 0.1, 1.0]}, "seeds": 2}],
    )
