"""Output heads (the last layer's activation and targets) and the costs measured on them.

A cost's `value` is averaged over examples; its `delta` is the output error dC_x/dz^[L] of one
example x, so the training loop only has to divide by the batch size.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from engine.activations import Sigmoid

__all__ = [
    "LOSSES",
    "OUTPUTS",
    "Loss",
    "Output",
    "get_loss",
    "get_output",
    "output_error",
    "softmax",
]

FloatArray = NDArray[np.float64]
Array = NDArray[np.floating]

_SIGMOID = Sigmoid()


def softmax(z: Array, out: Array) -> Array:
    """a_j = e^{z_j} / sum_k e^{z_k} per row, computed as e^{z - max z} so it cannot overflow."""
    np.subtract(z, z.max(axis=1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=1, keepdims=True)
    return out


def output_error(activation: str, z: Array, yhat: Array, t: Array, out: Array) -> Array:
    """yhat - t written into `out`, with full relative precision where yhat rounds to 1.

    Sigmoid: s(z) - t = (1 - t) s(z) - t s(-z), so a target of 1 gives -s(-z) instead of
    s(z) - 1 (which is 0 once z > 37). Softmax with a one-hot row: the target's entry
    p_j - 1 is minus the sum of the other probabilities. Other rows and heads: yhat - t.
    `out` may be z but not yhat or t.
    """
    if activation == "sigmoid":
        np.negative(z, out=out)
        _SIGMOID.forward(out, out)
        out *= t
        np.subtract(yhat - yhat * t, out, out=out)
        return out
    np.subtract(yhat, t, out=out)
    if activation == "softmax":
        target = t == 1.0
        others = np.where(target, 0.0, yhat).sum(axis=1, keepdims=True)
        np.copyto(out, np.broadcast_to(-others, out.shape), where=target)
    return out


def _softmax_cross_entropy(z: Array, t: Array) -> FloatArray:
    """-sum_j t_j ln softmax(z)_j per row, = sum_j t_j (top - z_j) + sum(t) ln(1 + rest)
    with top = max z and rest = sum of e^(z_k - top) over every k but the arg max: both
    terms are >= 0, so a tiny loss keeps its relative precision (no top + ln(sum) - z_j)."""
    top = z.max(axis=1, keepdims=True)
    exps = np.exp(z - top)
    exps[np.arange(len(z)), np.argmax(z, axis=1)] = 0.0
    rest = np.log1p(exps.sum(axis=1))
    loss: FloatArray = np.sum(t * (top - z), axis=1) + np.sum(t, axis=1) * rest
    return loss


def _sigmoid_cross_entropy(z: Array, t: Array) -> FloatArray:
    """-sum_j [t_j ln s(z_j) + (1 - t_j) ln(1 - s(z_j))] per row, as
    max(z, 0) - t z + ln(1 + e^-|z|): no term cancels for targets in [0, 1]."""
    terms = np.maximum(z, 0.0) - t * z + np.log1p(np.exp(-np.abs(z)))
    loss: FloatArray = np.sum(terms, axis=1)
    return loss


class Output(ABC):
    """The output layer: its activation, how many units it has and what its targets are."""

    name: ClassVar[str] = ""
    activation: ClassVar[str] = ""
    description: ClassVar[str] = ""
    classification: ClassVar[bool] = True
    losses: ClassVar[tuple[str, ...]] = ("cross_entropy", "mse")

    def n_units(self, n_classes: int) -> int:
        """Units in the output layer for a problem with `n_classes` classes (0 = regression)."""
        return n_classes

    def targets(self, y: NDArray[np.generic], n_classes: int) -> FloatArray:
        """Targets of shape (n, n_units): one-hot labels for classification heads."""
        labels = np.asarray(y, dtype=np.int64)
        targets: FloatArray = np.eye(n_classes, dtype=np.float64)[labels]
        return targets

    def target_of(self, label: object, n_classes: int) -> FloatArray:
        """The target row (n_units,) of one label, or ValueError if it is not a valid label."""
        if self.classification:
            if isinstance(label, bool) or not isinstance(label, int | np.integer):
                raise ValueError(f"label must be a class in 0..{n_classes - 1}, got {label!r}")
            if not 0 <= label < n_classes:
                raise ValueError(f"label must be a class in 0..{n_classes - 1}, got {label!r}")
            target: FloatArray = self.targets(np.array([int(label)]), n_classes)[0]
            return target
        if isinstance(label, bool) or not isinstance(label, int | float | np.number):
            raise ValueError(f"label must be a finite number, got {label!r}")
        value = float(label)
        if not math.isfinite(value):
            raise ValueError(f"label must be a finite number, got {label!r}")
        return np.array([value])

    @abstractmethod
    def forward(self, z: Array, out: Array) -> Array:
        """yhat = g^[L](z) for a batch z of shape (m, n_units), written into `out`."""

    def predict(self, yhat: Array) -> NDArray[np.generic]:
        """The predicted class (the largest output) per row."""
        labels: NDArray[np.int64] = np.argmax(yhat, axis=1).astype(np.int64)
        return labels

    def accuracy(self, yhat: Array, y: NDArray[np.generic]) -> float | None:
        """Fraction of rows whose prediction equals the label (None for regression)."""
        if len(y) == 0:
            return None
        return float(np.mean(self.predict(yhat) == y))


class BinaryOutput(Output):
    name = "binary"
    activation = "sigmoid"
    description = "One sigmoid unit giving P(class 1); pairs with binary cross-entropy."

    def n_units(self, n_classes: int) -> int:
        return 1

    def targets(self, y: NDArray[np.generic], n_classes: int) -> FloatArray:
        return np.asarray(y, dtype=np.float64).reshape(-1, 1)

    def forward(self, z: Array, out: Array) -> Array:
        return _SIGMOID.forward(z, out)

    def predict(self, yhat: Array) -> NDArray[np.generic]:
        return (yhat[:, 0] >= 0.5).astype(np.int64)


class MulticlassOutput(Output):
    name = "multiclass"
    activation = "softmax"
    description = "k softmax units, one probability per class summing to 1; categorical CE."

    def forward(self, z: Array, out: Array) -> Array:
        return softmax(z, out)


class MultilabelOutput(Output):
    name = "multilabel"
    activation = "sigmoid"
    description = "k independent sigmoid units, one-hot labels as k binary targets; BCE each."

    def forward(self, z: Array, out: Array) -> Array:
        return _SIGMOID.forward(z, out)


class RegressionOutput(Output):
    name = "regression"
    activation = "linear"
    description = "One linear unit predicting a number; quadratic (MSE) cost."
    classification = False
    losses = ("mse",)

    def n_units(self, n_classes: int) -> int:
        return 1

    def targets(self, y: NDArray[np.generic], n_classes: int) -> FloatArray:
        return np.asarray(y, dtype=np.float64).reshape(-1, 1)

    def forward(self, z: Array, out: Array) -> Array:
        if out is not z:
            np.copyto(out, z)
        return out

    def predict(self, yhat: Array) -> NDArray[np.generic]:
        return np.array(yhat[:, 0], dtype=np.float64)

    def accuracy(self, yhat: Array, y: NDArray[np.generic]) -> float | None:
        return None


class Loss(ABC):
    """A cost C = (1/m) sum_x C_x over a batch, with the output error delta^[L] = dC_x/dz^[L]."""

    name: ClassVar[str] = ""
    formula: ClassVar[str] = ""

    @abstractmethod
    def value(self, activation: str, z: Array, yhat: Array, t: Array) -> float:
        """Mean cost over the rows of z (logits), yhat = g^[L](z) and targets t."""

    @abstractmethod
    def delta(self, activation: str, z: Array, yhat: Array, t: Array, out: Array) -> Array:
        """dC_x/dz per row (not divided by the batch size), written into `out`."""


class CrossEntropy(Loss):
    name = "cross_entropy"
    formula = (
        "sigmoid: C_x = -sum_j [y_j ln yhat_j + (1 - y_j) ln(1 - yhat_j)]; "
        "softmax: C_x = -sum_j y_j ln yhat_j; both give delta = yhat - y"
    )

    def value(self, activation: str, z: Array, yhat: Array, t: Array) -> float:
        if len(z) == 0:
            return 0.0
        if activation == "softmax":
            return float(np.mean(_softmax_cross_entropy(z, t)))
        if activation == "sigmoid":
            return float(np.mean(_sigmoid_cross_entropy(z, t)))
        raise ValueError("cross_entropy needs a sigmoid or softmax output; use mse for regression")

    def delta(self, activation: str, z: Array, yhat: Array, t: Array, out: Array) -> Array:
        return output_error(activation, z, yhat, t, out)


class MeanSquaredError(Loss):
    name = "mse"
    formula = (
        "C_x = 1/2 sum_j (yhat_j - y_j)^2; delta = (yhat - y) * g'(z) for sigmoid, "
        "J_softmax^T (yhat - y) for softmax, yhat - y for linear"
    )

    def value(self, activation: str, z: Array, yhat: Array, t: Array) -> float:
        if len(z) == 0:
            return 0.0
        error = output_error(activation, z, yhat, t, np.empty_like(yhat))
        return float(0.5 * np.mean(np.sum(error * error, axis=1)))

    def delta(self, activation: str, z: Array, yhat: Array, t: Array, out: Array) -> Array:
        output_error(activation, z, yhat, t, out)
        if activation == "sigmoid":
            out *= _SIGMOID.derivative(z, yhat, np.empty_like(out))
        elif activation == "softmax":
            # (J^T e)_k = yhat_k (e_k - <e, yhat>) = yhat_k sum_i yhat_i (e_k - e_i), using
            # sum_i yhat_i = 1: the pairwise form does not cancel when one class saturates.
            pairwise = out[:, :, None] - out[:, None, :]
            np.copyto(out, yhat * np.einsum("mki,mi->mk", pairwise, yhat))
        return out


OUTPUTS: dict[str, type[Output]] = {
    cls.name: cls for cls in (BinaryOutput, MulticlassOutput, MultilabelOutput, RegressionOutput)
}
"""Every output head by name."""

LOSSES: dict[str, type[Loss]] = {cls.name: cls for cls in (CrossEntropy, MeanSquaredError)}
"""Every cost by name."""


def get_output(name: str) -> Output:
    """The output head called `name`, or ValueError listing the choices."""
    if name not in OUTPUTS:
        raise ValueError(f"unknown output {name!r}; choose one of: {', '.join(OUTPUTS)}")
    return OUTPUTS[name]()


def get_loss(name: str) -> Loss:
    """The cost called `name`, or ValueError listing the choices."""
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose one of: {', '.join(LOSSES)}")
    return LOSSES[name]()
