"""The run configuration (docs/api.md §1): typed sections with defaults, validation and merging.

`RunConfig.from_dict` fills in defaults and raises ValueError naming the bad field and what it
accepts; `to_dict` gives the resolved JSON back.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from engine.activations import ACTIVATIONS
from engine.checks import MAX_DECAY, check_bool, check_choice, check_int, check_number, fail
from engine.datasets import DATASETS, MAX_SAMPLES, n_classes_of
from engine.features import FEATURES
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES, OUTPUTS
from engine.optimizers import OPTIMIZERS
from engine.regularizers import REGULARIZERS
from engine.schedules import SCHEDULES, check_floor

__all__ = [
    "MAX_HIDDEN_LAYERS",
    "MAX_NEURONS",
    "DataConfig",
    "FeaturesConfig",
    "NetworkConfig",
    "RunConfig",
    "TrainingConfig",
]

MAX_HIDDEN_LAYERS = 16
MAX_NEURONS = 256
MAX_SEED = 2**32 - 1
MAX_LEARNING_RATE = 1e6


@dataclass
class DataConfig:
    """Which points are generated and how they are split."""

    dataset: str = "circles_crosses"
    n_samples: int = 300
    noise: float = 0.1
    n_classes: int = 2
    train_ratio: float = 0.6
    val_ratio: float = 0.2


@dataclass
class FeaturesConfig:
    """Which functions of (x1, x2) the network sees, and whether they are z-scored."""

    inputs: list[str] = field(default_factory=lambda: ["x1", "x2"])
    standardize: bool = False


@dataclass
class NetworkConfig:
    """The architecture, output head, cost and initialisation."""

    hidden_layer_sizes: list[int] = field(default_factory=lambda: [4, 2])
    activation: str | list[str] = "tanh"
    leaky_slope: float = 0.01
    output: str = "binary"
    loss: str = "cross_entropy"
    kernel_initializer: str = "glorot_uniform"
    kernel_init_scale: float = 1.0
    bias_initializer: str = "zeros"
    bias_init_scale: float = 0.0

    def activations(self) -> list[str]:
        """One activation name per hidden layer."""
        if isinstance(self.activation, str):
            return [self.activation] * len(self.hidden_layer_sizes)
        return list(self.activation)


@dataclass
class TrainingConfig:
    """Optimiser, schedule, batch size and regularisation; all change live."""

    learning_rate: float = 0.03
    batch_size: int = 10
    optimizer: str = "sgd"
    momentum: float = 0.0
    nesterov: bool = False
    beta_1: float = 0.9
    beta_2: float = 0.999
    rho: float = 0.9
    epsilon: float = 1e-8
    schedule: str = "constant"
    decay_rate: float = 0.5
    decay_steps: int = 1000
    power_t: float = 0.5
    min_learning_rate: float = 0.0
    regularization: str = "none"
    alpha: float = 0.0
    dropout: float = 0.0
    early_stopping: bool = False
    patience: int = 20
    min_delta: float = 0.0
    clip_norm: float | None = None


SECTIONS: dict[str, type] = {
    "data": DataConfig,
    "features": FeaturesConfig,
    "network": NetworkConfig,
    "training": TrainingConfig,
}


# ----------------------------------------------------------------------------- sections


def _check_data(d: DataConfig) -> None:
    d.dataset = check_choice("data.dataset", d.dataset, DATASETS)
    if DATASETS[d.dataset].uses_n_classes:
        d.n_classes = check_int("data.n_classes", d.n_classes, 2, DATASETS[d.dataset].max_classes)
    else:
        d.n_classes = check_int("data.n_classes", d.n_classes, 0, 64)
    d.n_samples = check_int(
        "data.n_samples", d.n_samples, max(2, n_classes_of(d.dataset, d.n_classes)), MAX_SAMPLES
    )
    d.noise = check_number("data.noise", d.noise, 0.0, 1.0)
    d.train_ratio = check_number("data.train_ratio", d.train_ratio, 0.0, 1.0, open_low=True)
    d.val_ratio = check_number("data.val_ratio", d.val_ratio, 0.0, 1.0)
    if d.train_ratio + d.val_ratio > 1.0 + 1e-9:
        raise ValueError(
            "data.train_ratio + data.val_ratio must be at most 1 (test gets the rest), "
            f"got {d.train_ratio!r} + {d.val_ratio!r}"
        )


def _check_features(f: FeaturesConfig) -> None:
    inputs: object = f.inputs
    if isinstance(inputs, str) or not isinstance(inputs, Sequence) or not inputs:
        raise ValueError(f"features.inputs must be a non-empty list of: {', '.join(FEATURES)}")
    f.inputs = [check_choice("features.inputs[]", name, FEATURES) for name in f.inputs]
    if len(set(f.inputs)) != len(f.inputs):
        raise ValueError(f"features.inputs lists a feature twice: {f.inputs!r}")
    f.standardize = check_bool("features.standardize", f.standardize)


def _check_layers(n: NetworkConfig) -> None:
    """Hidden layer sizes and one activation for all of them or one per layer."""
    sizes: object = n.hidden_layer_sizes
    if isinstance(sizes, str) or not isinstance(sizes, Sequence) or len(sizes) > MAX_HIDDEN_LAYERS:
        raise fail(
            "network.hidden_layer_sizes",
            f"a list of at most {MAX_HIDDEN_LAYERS} sizes in [1, {MAX_NEURONS}]",
            sizes,
        )
    n.hidden_layer_sizes = [
        check_int("network.hidden_layer_sizes[]", s, 1, MAX_NEURONS) for s in sizes
    ]
    if isinstance(n.activation, str):
        check_choice("network.activation", n.activation, ACTIVATIONS)
    elif isinstance(n.activation, Sequence) and len(n.activation) == len(sizes):
        n.activation = [check_choice("network.activation[]", a, ACTIVATIONS) for a in n.activation]
    else:
        raise ValueError(
            "network.activation must be one name for every hidden layer or a list with one name "
            f"per hidden layer ({len(sizes)}); choose from: {', '.join(ACTIVATIONS)}"
        )


def _check_network(n: NetworkConfig) -> None:
    _check_layers(n)
    n.leaky_slope = check_number("network.leaky_slope", n.leaky_slope, 0.0, 1.0)
    check_choice("network.output", n.output, OUTPUTS)
    check_choice("network.loss", n.loss, LOSSES)
    allowed = OUTPUTS[n.output].losses
    if n.loss not in allowed:
        raise ValueError(
            f"network.loss {n.loss!r} does not fit output {n.output!r}; choose one of: "
            f"{', '.join(allowed)}"
        )
    check_choice("network.kernel_initializer", n.kernel_initializer, INITIALIZERS)
    check_choice("network.bias_initializer", n.bias_initializer, INITIALIZERS)
    n.kernel_init_scale = check_number(
        "network.kernel_init_scale", n.kernel_init_scale, -100.0, 100.0
    )
    n.bias_init_scale = check_number("network.bias_init_scale", n.bias_init_scale, -100.0, 100.0)


def _check_optimizer(t: TrainingConfig) -> None:
    """Rate, batch size, optimiser and its settings."""
    t.learning_rate = check_number(
        "training.learning_rate", t.learning_rate, 0.0, MAX_LEARNING_RATE, open_low=True
    )
    t.batch_size = check_int("training.batch_size", t.batch_size, 1, MAX_SAMPLES)
    check_choice("training.optimizer", t.optimizer, OPTIMIZERS)
    t.momentum = check_number("training.momentum", t.momentum, 0.0, 0.999)
    t.nesterov = check_bool("training.nesterov", t.nesterov)
    t.beta_1 = check_number("training.beta_1", t.beta_1, 0.0, MAX_DECAY)
    t.beta_2 = check_number("training.beta_2", t.beta_2, 0.0, MAX_DECAY)
    t.rho = check_number("training.rho", t.rho, 0.0, MAX_DECAY)
    t.epsilon = check_number("training.epsilon", t.epsilon, 0.0, 1.0, open_low=True)


def _check_training(t: TrainingConfig) -> None:
    _check_optimizer(t)
    check_choice("training.schedule", t.schedule, SCHEDULES)
    t.decay_rate = check_number("training.decay_rate", t.decay_rate, 0.0, 1.0, open_low=True)
    t.decay_steps = check_int("training.decay_steps", t.decay_steps, 1, 10**9)
    t.power_t = check_number("training.power_t", t.power_t, 0.0, 10.0)
    t.min_learning_rate = check_number(
        "training.min_learning_rate", t.min_learning_rate, 0.0, MAX_LEARNING_RATE
    )
    check_floor(t, t.schedule)
    check_choice("training.regularization", t.regularization, REGULARIZERS)
    t.alpha = check_number("training.alpha", t.alpha, 0.0, 1e6)
    t.dropout = check_number("training.dropout", t.dropout, 0.0, 0.99)
    t.early_stopping = check_bool("training.early_stopping", t.early_stopping)
    t.patience = check_int("training.patience", t.patience, 1, 10**6)
    t.min_delta = check_number("training.min_delta", t.min_delta, 0.0, 1e6)
    if t.clip_norm is not None:
        t.clip_norm = check_number("training.clip_norm", t.clip_norm, 0.0, 1e9, open_low=True)


def _check_combination(c: RunConfig) -> None:
    """The output head must fit the dataset's kind and number of classes; early stopping
    needs a validation split."""
    if c.training.early_stopping and c.data.val_ratio == 0.0:
        raise ValueError(
            "training.early_stopping watches the validation loss, so data.val_ratio must be in "
            "(0, 1) (or set training.early_stopping to false)"
        )
    spec = DATASETS[c.data.dataset]
    output = OUTPUTS[c.network.output]
    if (spec.kind == "regression") == output.classification:
        fitting = "regression" if spec.kind == "regression" else "binary, multiclass or multilabel"
        raise ValueError(
            f"network.output {c.network.output!r} does not fit the {spec.kind} dataset "
            f"{spec.name!r}; choose {fitting}"
        )
    k = n_classes_of(c.data.dataset, c.data.n_classes)
    if c.network.output == "binary" and k != 2:
        raise ValueError(
            f"network.output 'binary' needs 2 classes but {spec.name!r} has {k}; "
            "choose multiclass or multilabel"
        )


# ----------------------------------------------------------------------------- the config


def _section(name: str, cls: type, values: object) -> Any:
    if not isinstance(values, Mapping):
        raise fail(name, "an object", values)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(
            f"unknown field {name}.{unknown[0]}; valid fields: {', '.join(sorted(known))}"
        )
    return cls(**copy.deepcopy(dict(values)))


@dataclass
class RunConfig:
    """Everything that defines a run; one seed replays it all."""

    random_state: int = 0
    data: DataConfig = field(default_factory=DataConfig)
    features: FeaturesConfig = field(default_factory=FeaturesConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    training: TrainingConfig = field(default_factory=TrainingConfig)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any] | None = None) -> RunConfig:
        """Defaults filled in from a (partial) config dict; ValueError naming any bad field."""
        values = {} if values is None else values
        if not isinstance(values, Mapping):
            raise fail("config", "an object", values)
        unknown = sorted(set(values) - {"random_state", *SECTIONS})
        if unknown:
            raise ValueError(
                f"unknown field {unknown[0]}; valid fields: random_state, {', '.join(SECTIONS)}"
            )
        parts = {name: _section(name, sec, values.get(name, {})) for name, sec in SECTIONS.items()}
        config = cls(random_state=values.get("random_state", 0), **parts)
        config.validate()
        return config

    def validate(self) -> None:
        """Check every field (ints given for floats become floats); ValueError on the first."""
        self.random_state = check_int("random_state", self.random_state, 0, MAX_SEED)
        _check_data(self.data)
        _check_features(self.features)
        _check_network(self.network)
        _check_training(self.training)
        _check_combination(self)

    def to_dict(self) -> dict[str, Any]:
        """The resolved config as plain JSON."""
        return asdict(self)

    def merged(self, changes: Mapping[str, Any]) -> RunConfig:
        """A new validated config: this one with the (partial, same nesting) `changes` applied."""
        if not isinstance(changes, Mapping):
            raise fail("changes", "an object", changes)
        values = self.to_dict()
        for key, value in changes.items():
            if key in SECTIONS and isinstance(value, Mapping):
                values[key].update(copy.deepcopy(dict(value)))
            else:
                values[key] = copy.deepcopy(value)
        return RunConfig.from_dict(values)

    def changed_sections(self, other: RunConfig) -> set[str]:
        """Names of the sections (and "random_state") whose values differ from `other`."""
        mine, theirs = self.to_dict(), other.to_dict()
        return {key for key in mine if mine[key] != theirs[key]}
