"""The run configuration of docs/api.md §1 as request bodies: strict types, bounds, known names.

Every field is optional: a missing one keeps the engine's default (on create) or the current
value (on PATCH). Names are checked against the engine's own option tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.fields import FieldInfo

from app.core import limits
from app.schemas.numbers import WHOLE_AS_INT, Int
from engine.activations import ACTIVATIONS
from engine.checks import MAX_DECAY
from engine.config import DataConfig, FeaturesConfig, NetworkConfig, TrainingConfig
from engine.datasets import DATASETS
from engine.features import FEATURES
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES, OUTPUTS
from engine.optimizers import OPTIMIZERS
from engine.regularizers import REGULARIZERS
from engine.schedules import SCHEDULES

__all__ = [
    "DataIn",
    "FeaturesIn",
    "NetworkIn",
    "RunConfigIn",
    "TrainingIn",
    "field_bounds",
    "one_of",
]


def one_of(table: Mapping[str, object], what: str) -> Callable[[str], str]:
    def check(name: str) -> str:
        if name not in table:
            raise ValueError(f"unknown {what} {name!r}; choose one of: {', '.join(table)}")
        return name

    return check


def _choice_schema(table: Mapping[str, object]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(table)})


Dataset = Annotated[str, AfterValidator(one_of(DATASETS, "dataset")), _choice_schema(DATASETS)]
Feature = Annotated[str, AfterValidator(one_of(FEATURES, "feature")), _choice_schema(FEATURES)]
Output = Annotated[str, AfterValidator(one_of(OUTPUTS, "output")), _choice_schema(OUTPUTS)]
Loss = Annotated[str, AfterValidator(one_of(LOSSES, "loss")), _choice_schema(LOSSES)]
Initializer = Annotated[
    str, AfterValidator(one_of(INITIALIZERS, "initializer")), _choice_schema(INITIALIZERS)
]
Optimizer = Annotated[
    str, AfterValidator(one_of(OPTIMIZERS, "optimizer")), _choice_schema(OPTIMIZERS)
]
Schedule = Annotated[str, AfterValidator(one_of(SCHEDULES, "schedule")), _choice_schema(SCHEDULES)]
Regularizer = Annotated[
    str, AfterValidator(one_of(REGULARIZERS, "regularization")), _choice_schema(REGULARIZERS)
]
LayerSize = Annotated[int, Field(ge=1, le=limits.MAX_NEURONS), WHOLE_AS_INT]


def _check_activations(value: str | list[str]) -> str | list[str]:
    check = one_of(ACTIVATIONS, "activation")
    if isinstance(value, str):
        return check(value)
    if len(value) > limits.MAX_LAYERS:
        raise ValueError(f"at most {limits.MAX_LAYERS} activations, one per hidden layer")
    return [check(name) for name in value]


_ACTIVATION_ENUM = {"type": "string", "enum": list(ACTIVATIONS)}
ActivationSpec = Annotated[
    str | list[str],
    AfterValidator(_check_activations),
    WithJsonSchema(
        {
            "anyOf": [
                _ACTIVATION_ENUM,
                {"type": "array", "items": _ACTIVATION_ENUM, "maxItems": limits.MAX_LAYERS},
            ]
        }
    ),
]


def _drop_null_defaults(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        if prop.get("default", 0) is None:
            del prop["default"]


_STRICT = ConfigDict(strict=True, extra="forbid", json_schema_extra=_drop_null_defaults)

_EXAMPLE = {
    "random_state": 0,
    "data": {"dataset": "circles_crosses", "n_samples": 300, "noise": 0.1},
    "network": {"hidden_layer_sizes": [4, 2], "activation": "tanh"},
    "training": {"learning_rate": 0.03, "optimizer": "sgd"},
}


def _run_config_schema(schema: dict[str, Any]) -> None:
    _drop_null_defaults(schema)
    schema["examples"] = [_EXAMPLE]


def _unset(**details: Any) -> Any:
    """An optional field whose absence means "engine default" or "keep the current value"."""
    return Field(default=None, **details)


def _opt(section: type, name: str, description: str, **bounds: Any) -> Any:
    """An optional field documented with the engine's default as its example."""
    default = getattr(section(), name)
    return Field(
        default=None,
        description=f"{description} Engine default: {default!r}.",
        examples=[default],
        **bounds,
    )


class DataIn(BaseModel):
    """Which points are generated and how they are split into train / validation / test."""

    model_config = _STRICT

    dataset: Dataset = _opt(DataConfig, "dataset", "The problem; see GET /api/options.")
    n_samples: Int = _opt(
        DataConfig,
        "n_samples",
        "Generated points, all splits together.",
        ge=limits.MIN_SAMPLES,
        le=limits.MAX_POINTS,
    )
    noise: float = _opt(
        DataConfig, "noise", "0..1; each dataset documents what it means.", ge=0.0, le=1.0
    )
    n_classes: Int = _opt(
        DataConfig,
        "n_classes",
        "Classes for spiral and blobs (arms / clusters); other datasets ignore it.",
        ge=0,
        le=limits.MAX_CLASSES,
    )
    train_ratio: float = _opt(DataConfig, "train_ratio", "Share for training.", gt=0.0, le=1.0)
    val_ratio: float = _opt(
        DataConfig, "val_ratio", "Share for validation; test gets the rest.", ge=0.0, le=1.0
    )


class FeaturesIn(BaseModel):
    """Which functions of (x1, x2) the network sees."""

    model_config = _STRICT

    inputs: list[Feature] = _opt(
        FeaturesConfig,
        "inputs",
        "Distinct input features.",
        min_length=1,
        max_length=len(FEATURES),
    )
    standardize: bool = _opt(
        FeaturesConfig, "standardize", "z-score each feature with the training split's mean/std."
    )


class NetworkIn(BaseModel):
    """Architecture, output head, cost and initialisation."""

    model_config = _STRICT

    hidden_layer_sizes: list[LayerSize] = _opt(
        NetworkConfig,
        "hidden_layer_sizes",
        f"Neurons per hidden layer: 0..{limits.MAX_LAYERS} layers of 1..{limits.MAX_NEURONS}.",
        max_length=limits.MAX_LAYERS,
    )
    activation: ActivationSpec = _opt(
        NetworkConfig,
        "activation",
        "One activation for every hidden layer, or a list with one per layer.",
    )
    leaky_slope: float = _opt(
        NetworkConfig, "leaky_slope", "Slope of leaky_relu for z < 0.", ge=0.0, le=1.0
    )
    output: Output = _opt(NetworkConfig, "output", "Output head.")
    loss: Loss = _opt(NetworkConfig, "loss", "Cost; regression takes mse only.")
    kernel_initializer: Initializer = _opt(
        NetworkConfig, "kernel_initializer", "How weights start."
    )
    kernel_init_scale: float = _opt(
        NetworkConfig,
        "kernel_init_scale",
        "Std of random_normal, limit of random_uniform, value of constant.",
        ge=-100.0,
        le=100.0,
    )
    bias_initializer: Initializer = _opt(NetworkConfig, "bias_initializer", "How biases start.")
    bias_init_scale: float = _opt(
        NetworkConfig, "bias_init_scale", "Scale for the bias initialiser.", ge=-100.0, le=100.0
    )


class TrainingIn(BaseModel):
    """Optimiser, schedule, batch size and regularisation; changing these keeps the weights."""

    model_config = _STRICT

    learning_rate: float = _opt(TrainingConfig, "learning_rate", "Step size.", gt=0.0, le=100.0)
    batch_size: Int = _opt(
        TrainingConfig,
        "batch_size",
        "1 = stochastic; at least the training set = full batch.",
        ge=1,
        le=limits.MAX_POINTS,
    )
    optimizer: Optimizer = _opt(TrainingConfig, "optimizer", "Update rule.")
    momentum: float = _opt(TrainingConfig, "momentum", "SGD momentum.", ge=0.0, le=0.999)
    nesterov: bool = _opt(TrainingConfig, "nesterov", "Nesterov momentum for SGD.")
    beta_1: float = _opt(
        TrainingConfig, "beta_1", "Adam's first-moment decay.", ge=0.0, le=MAX_DECAY
    )
    beta_2: float = _opt(
        TrainingConfig, "beta_2", "Adam's second-moment decay.", ge=0.0, le=MAX_DECAY
    )
    rho: float = _opt(TrainingConfig, "rho", "RMSprop's decay.", ge=0.0, le=MAX_DECAY)
    epsilon: float = _opt(
        TrainingConfig, "epsilon", "Stabiliser of adaptive optimisers.", gt=0.0, le=1.0
    )
    schedule: Schedule = _opt(TrainingConfig, "schedule", "Learning-rate schedule.")
    decay_rate: float = _opt(TrainingConfig, "decay_rate", "Decay factor.", gt=0.0, le=1.0)
    decay_steps: Int = _opt(
        TrainingConfig, "decay_steps", "Steps per decay period.", ge=1, le=1_000_000_000
    )
    power_t: float = _opt(
        TrainingConfig, "power_t", "Exponent of inverse_scaling.", ge=0.0, le=10.0
    )
    min_learning_rate: float = _opt(
        TrainingConfig, "min_learning_rate", "Floor of the schedule.", ge=0.0, le=100.0
    )
    regularization: Regularizer = _opt(TrainingConfig, "regularization", "Weight penalty.")
    alpha: float = _opt(TrainingConfig, "alpha", "Regularisation rate lambda.", ge=0.0, le=1000.0)
    dropout: float = _opt(
        TrainingConfig, "dropout", "Probability of dropping a hidden unit.", ge=0.0, le=0.99
    )
    early_stopping: bool = _opt(
        TrainingConfig, "early_stopping", "Stop when the validation loss stops improving."
    )
    patience: Int = _opt(
        TrainingConfig, "patience", "Epochs without improvement allowed.", ge=1, le=1_000_000
    )
    min_delta: float = _opt(
        TrainingConfig, "min_delta", "Smallest improvement that counts.", ge=0.0, le=1_000_000.0
    )
    clip_norm: float | None = _opt(
        TrainingConfig,
        "clip_norm",
        "Largest global gradient norm, or null for no clipping.",
        gt=0.0,
        le=1_000_000_000.0,
    )


class RunConfigIn(BaseModel):
    """A run configuration; every field optional (docs/api.md §1)."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra=_run_config_schema)

    random_state: Int = _unset(
        ge=0,
        le=limits.MAX_SEED,
        description="Seed of everything random (data, weights, batches). Engine default: 0.",
        examples=[0],
    )
    data: DataIn = _unset(description="The dataset and its split.")
    features: FeaturesIn = _unset(description="The network's inputs.")
    network: NetworkIn = _unset(description="The network.")
    training: TrainingIn = _unset(description="How it learns.")

    def changes(self) -> dict[str, Any]:
        """Only what the client sent, with the same nesting, for the engine."""
        return self.model_dump(exclude_unset=True)


_CONSTRAINTS = (
    ("ge", "min", False),
    ("gt", "min", True),
    ("le", "max", False),
    ("lt", "max", True),
)
"""How a field's ge / gt / le / lt become its min or max, and whether that end is excluded."""


def _bounds(info: FieldInfo) -> dict[str, Any] | None:
    """The numeric bounds one field declares, or None if it declares none."""
    bounds: dict[str, Any] = {
        "min": None,
        "max": None,
        "exclusive_min": False,
        "exclusive_max": False,
    }
    for item in info.metadata:
        for attr, key, exclusive in _CONSTRAINTS:
            value = getattr(item, attr, None)
            if value is not None:
                bounds[key], bounds[f"exclusive_{key}"] = value, exclusive
    return bounds if bounds["min"] is not None or bounds["max"] is not None else None


def field_bounds(model: type[BaseModel] = RunConfigIn, prefix: str = "") -> dict[str, Any]:
    """Every numeric field of the run config with the bounds its schema declares, by dotted path:
    {"training.learning_rate": {"min": 0.0, "max": 100.0, "exclusive_min": True, ...}, ...}."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found.update(field_bounds(kind, f"{prefix}{name}."))
        elif (bounds := _bounds(info)) is not None:
            found[prefix + name] = bounds
    return found
