"""Hidden-layer activation functions g(z), each travelling with its derivative g'(z).

Both methods write into a caller-supplied array so the training loop allocates nothing.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

__all__ = ["ACTIVATIONS", "Activation", "get_activation"]

Array = NDArray[np.floating]

_GELU_K = math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715


class Activation(ABC):
    """An element-wise activation a = g(z) with its derivative g'(z).

    `forward(z, out)` may be called with `out is z`. `derivative(z, a, out)` receives a = g(z) as
    well, because many derivatives are cheapest in terms of a; `out` must not alias z or a.
    """

    name: ClassVar[str] = ""
    formula: ClassVar[str] = ""

    def __init__(self, slope: float = 0.01) -> None:
        self.slope = float(slope)

    @abstractmethod
    def forward(self, z: Array, out: Array) -> Array:
        """a = g(z), written into `out`."""

    @abstractmethod
    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        """g'(z), written into `out` (a = g(z) is given too)."""

    def __call__(self, z: Array) -> Array:
        """g(z) in a new array (for plots and tests)."""
        return self.forward(z, np.empty_like(z))

    def grad(self, z: Array) -> Array:
        """g'(z) in a new array (for plots and tests)."""
        return self.derivative(z, self(z), np.empty_like(z))


class Linear(Activation):
    name = "linear"
    formula = "g(z) = z; g'(z) = 1"

    def forward(self, z: Array, out: Array) -> Array:
        if out is not z:
            np.copyto(out, z)
        return out

    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        out.fill(1.0)
        return out


class Step(Activation):
    name = "step"
    formula = "g(z) = 1 if z >= 0 else 0; g'(z) = 0 (no gradient flows: nothing learns)"

    def forward(self, z: Array, out: Array) -> Array:
        return np.greater_equal(z, 0.0, out=out)

    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        out.fill(0.0)
        return out


class Sigmoid(Activation):
    name = "sigmoid"
    formula = "g(z) = 1 / (1 + e^-z); g'(z) = g(z) (1 - g(z))"

    def forward(self, z: Array, out: Array) -> Array:
        # 1 / (1 + e^-z) keeps full relative precision in both tails (1 - g is never formed).
        # Where e^-z overflows (z < -709 in float64) g is below the smallest normal number
        # and comes out as 0; e^-z underflowing for large z is just as harmless.
        np.negative(z, out=out)
        with np.errstate(over="ignore", under="ignore"):
            np.exp(out, out=out)
        out += 1.0
        return np.divide(1.0, out, out=out)

    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        # g(z) (1 - g(z)) with 1 - g(z) = g(-z) = 1 / (1 + e^z): exact also for z > 37, where
        # a rounds to 1 and a (1 - a) would be 0.
        with np.errstate(over="ignore", under="ignore"):
            np.exp(z, out=out)
        out += 1.0
        return np.divide(a, out, out=out)


class Tanh(Activation):
    name = "tanh"
    formula = "g(z) = tanh(z); g'(z) = 1 - tanh(z)^2"

    def forward(self, z: Array, out: Array) -> Array:
        return np.tanh(z, out=out)

    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        np.multiply(a, a, out=out)
        np.subtract(1.0, out, out=out)
        return out


class ReLU(Activation):
    name = "relu"
    formula = "g(z) = max(0, z); g'(z) = 1 if z > 0 else 0"

    def forward(self, z: Array, out: Array) -> Array:
        return np.maximum(z, 0.0, out=out)

    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        return np.greater(z, 0.0, out=out)


class LeakyReLU(Activation):
    name = "leaky_relu"
    formula = "g(z) = z if z > 0 else c z; g'(z) = 1 if z > 0 else c (c = leaky_slope)"

    def forward(self, z: Array, out: Array) -> Array:
        np.copyto(out, np.where(z > 0.0, z, self.slope * z))
        return out

    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        np.copyto(out, np.where(z > 0.0, 1.0, self.slope))
        return out


class ELU(Activation):
    name = "elu"
    formula = "g(z) = z if z > 0 else e^z - 1; g'(z) = 1 if z > 0 else e^z"

    def forward(self, z: Array, out: Array) -> Array:
        np.copyto(out, np.where(z > 0.0, z, np.expm1(np.minimum(z, 0.0))))
        return out

    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        np.copyto(out, np.where(z > 0.0, 1.0, np.exp(np.minimum(z, 0.0))))
        return out


class Softplus(Activation):
    name = "softplus"
    formula = "g(z) = ln(1 + e^z); g'(z) = 1 / (1 + e^-z)"

    def forward(self, z: Array, out: Array) -> Array:
        return np.logaddexp(0.0, z, out=out)

    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        return _SIGMOID.forward(z, out)


class GELU(Activation):
    name = "gelu"
    formula = (
        "g(z) = z (1 + tanh(u)) / 2 with u = k (z + 0.044715 z^3), k = sqrt(2 / pi); "
        "g'(z) = (1 + tanh(u)) / 2 + z (1 - tanh(u)^2) k (1 + 3 * 0.044715 z^2) / 2"
    )

    @staticmethod
    def _tanh_u(z: Array) -> tuple[Array, Array]:
        """(tanh(u), du/dz). z is clipped to +-20 first: tanh(u) is already exactly +-1 there in
        float64 (and float32), so nothing changes except that z^3 cannot overflow."""
        z = np.clip(z, -20.0, 20.0)
        return np.tanh(_GELU_K * (z + _GELU_C * z * z * z)), _GELU_K * (1.0 + 3.0 * _GELU_C * z * z)

    def forward(self, z: Array, out: Array) -> Array:
        t, _ = self._tanh_u(z)
        np.copyto(out, 0.5 * z * (1.0 + t))
        return out

    def derivative(self, z: Array, a: Array, out: Array) -> Array:
        t, du = self._tanh_u(z)
        np.copyto(out, 0.5 * (1.0 + t) + 0.5 * np.clip(z, -20.0, 20.0) * (1.0 - t * t) * du)
        return out


_SIGMOID = Sigmoid()

ACTIVATIONS: dict[str, type[Activation]] = {
    cls.name: cls for cls in (Linear, Step, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, Softplus, GELU)
}
"""Every hidden activation by name; `get_activation` builds one."""


def get_activation(name: str, slope: float = 0.01) -> Activation:
    """The activation `name` (`slope` is leaky_relu's c), or ValueError listing the choices."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name](slope)
