"""Weight penalties added to the data cost C0: L1 and L2 (weight decay), weights only.

Both work on the flat parameter vector with `coef`, an array equal to lambda / n on weights and
0 on biases (n = training-set size), so one call covers the whole network.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

__all__ = ["REGULARIZERS", "Regularizer", "get_regularizer"]

FloatArray = NDArray[np.float64]


class Regularizer(ABC):
    """A penalty R(w) with its gradient dR/dw."""

    name: ClassVar[str] = ""
    formula: ClassVar[str] = ""
    active: ClassVar[bool] = True

    @abstractmethod
    def penalty(self, params: FloatArray, coef: FloatArray) -> float:
        """R(w) for the flat parameters."""

    @abstractmethod
    def add_grad(
        self, params: FloatArray, coef: FloatArray, grad: FloatArray, tmp: FloatArray
    ) -> None:
        """grad += dR/dw, using `tmp` (same shape) as scratch space."""


class NoPenalty(Regularizer):
    name = "none"
    formula = "R = 0"
    active = False

    def penalty(self, params: FloatArray, coef: FloatArray) -> float:
        return 0.0

    def add_grad(
        self, params: FloatArray, coef: FloatArray, grad: FloatArray, tmp: FloatArray
    ) -> None:
        return None


class L1(Regularizer):
    name = "l1"
    formula = "R = lambda/n sum |w|; dR/dw = lambda/n sign(w)"

    def penalty(self, params: FloatArray, coef: FloatArray) -> float:
        return float(np.dot(coef, np.abs(params)))

    def add_grad(
        self, params: FloatArray, coef: FloatArray, grad: FloatArray, tmp: FloatArray
    ) -> None:
        np.sign(params, out=tmp)
        tmp *= coef
        grad += tmp


class L2(Regularizer):
    name = "l2"
    formula = (
        "R = lambda/(2n) sum w^2; dR/dw = lambda/n w, so plain SGD does "
        "w <- (1 - eta lambda/n) w - eta dC0/dw"
    )

    def penalty(self, params: FloatArray, coef: FloatArray) -> float:
        return float(0.5 * np.dot(coef, params * params))

    def add_grad(
        self, params: FloatArray, coef: FloatArray, grad: FloatArray, tmp: FloatArray
    ) -> None:
        np.multiply(params, coef, out=tmp)
        grad += tmp


REGULARIZERS: dict[str, type[Regularizer]] = {cls.name: cls for cls in (NoPenalty, L1, L2)}
"""Every weight penalty by name."""


def get_regularizer(name: str) -> Regularizer:
    """The regulariser called `name`, or ValueError listing the choices."""
    if name not in REGULARIZERS:
        raise ValueError(
            f"unknown regularization {name!r}; choose one of: {', '.join(REGULARIZERS)}"
        )
    return REGULARIZERS[name]()
