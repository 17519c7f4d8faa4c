"""Every choice the engine offers, the server's limits, and the guided lessons."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.config import RunConfigIn

__all__ = ["Lesson", "Limits", "Options"]

_OPEN = ConfigDict(extra="allow")


class DatasetOption(BaseModel):
    model_config = _OPEN

    name: str = Field(examples=["spiral"])
    kind: str = Field(description="classification or regression", examples=["classification"])
    description: str = Field(description="What it is and what `noise` does.")
    uses_n_classes: bool = Field(description="Whether data.n_classes picks the class count.")
    min_classes: int = Field(examples=[2])
    max_classes: int = Field(examples=[6])


class NamedFormula(BaseModel):
    model_config = _OPEN

    name: str = Field(examples=["tanh"])
    formula: str = Field(description="The formula, in plain text.")


class OutputOption(BaseModel):
    model_config = _OPEN

    name: str = Field(examples=["binary"])
    activation: str = Field(examples=["sigmoid"])
    description: str
    kind: str = Field(examples=["classification"])
    losses: list[str] = Field(description="Costs that fit this head.")


class InitializerOption(NamedFormula):
    uses_scale: bool = Field(description="Whether *_init_scale matters.")


class OptimizerOption(NamedFormula):
    settings: list[str] = Field(description="Training fields it reads.", examples=[["momentum"]])


class FeatureOption(BaseModel):
    model_config = _OPEN

    name: str = Field(examples=["x1*x2"])
    label: str = Field(examples=["x₁x₂"])
    formula: str


class Limits(BaseModel):
    """What this server accepts; larger requests get 422 (or 413 for bodies)."""

    max_layers: int = Field(examples=[8])
    max_neurons: int = Field(examples=[16])
    min_samples: int = Field(examples=[10])
    max_points: int = Field(description="Generated or uploaded points.", examples=[2000])
    min_resolution: int = Field(examples=[4])
    max_resolution: int = Field(examples=[200])
    default_stream_resolution: int = Field(examples=[50])
    max_neuron_resolution: int = Field(examples=[100])
    max_json_grid_values: int = Field(
        description="Numbers a format=json boundary may hold (cells x channels).",
        examples=[250000],
    )
    default_neuron_resolution: int = Field(examples=[24])
    max_steps_per_call: int = Field(examples=[10000])
    max_epochs_per_call: int = Field(examples=[1000])
    min_fps: int = Field(examples=[1])
    max_fps: int = Field(examples=[60])
    default_fps: int = Field(examples=[30])
    max_steps_per_frame: int = Field(examples=[100])
    default_steps_per_frame: int = Field(examples=[5])
    max_classes: int = Field(examples=[10])
    data_box: float = Field(description="x1 and x2 lie in [-data_box, data_box].", examples=[6])
    max_sessions: int = Field(examples=[200])
    session_ttl: float = Field(description="Seconds an idle session lives.", examples=[1800])
    max_body_bytes: int = Field(examples=[1048576])
    max_viewers: int = Field(description="Stream connections per session.", examples=[16])


class Options(BaseModel):
    """The engine's option tables (docs/api.md §2), its default config, and the limits."""

    model_config = _OPEN

    DATASETS: list[DatasetOption]
    ACTIVATIONS: list[NamedFormula]
    OUTPUTS: list[OutputOption]
    LOSSES: list[NamedFormula]
    INITIALIZERS: list[InitializerOption]
    OPTIMIZERS: list[OptimizerOption]
    SCHEDULES: list[NamedFormula]
    REGULARIZERS: list[NamedFormula]
    FEATURES: list[FeatureOption]
    defaults: RunConfigIn = Field(description="The resolved default run config.")
    limits: Limits


class LessonText(BaseModel):
    model_config = _OPEN

    do: str
    watch: str
    why: str


class LessonPreset(BaseModel):
    model_config = _OPEN

    name: str = Field(examples=["no hidden layer"])
    config: dict[str, Any] = Field(description="A full run config.")
    steps: int = Field(description="How long the lesson suggests training.", examples=[2000])


class LessonView(BaseModel):
    model_config = _OPEN

    neurons: bool
    gradient_flow: bool


class Lesson(BaseModel):
    """A guided experiment; the first preset is the one the page opens."""

    model_config = _OPEN

    id: str = Field(examples=["hidden-layer"])
    number: int = Field(examples=[1])
    title: dict[str, str] = Field(examples=[{"en": "Why a hidden layer", "zh": "为什么需要隐藏层"}])
    text: dict[str, LessonText]
    presets: list[LessonPreset]
    view: LessonView
