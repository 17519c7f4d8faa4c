"""Initial values for a layer's weights or biases, drawn from an explicit random generator.

Each initializer maps (rng, shape, fan_in, fan_out, scale) to an array; `scale` is read only by
constant (the value), random_normal (the std) and random_uniform (the limit).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["INITIALIZERS", "Initializer", "get_initializer"]

FloatArray = NDArray[np.float64]
InitFn = Callable[[np.random.Generator, tuple[int, ...], int, int, float], FloatArray]


@dataclass(frozen=True)
class Initializer:
    """One entry of `INITIALIZERS`: the drawing function and its formula."""

    name: str
    formula: str
    draw: InitFn
    uses_scale: bool = False


def _zeros(
    rng: np.random.Generator, shape: tuple[int, ...], fi: int, fo: int, s: float
) -> FloatArray:
    return np.zeros(shape)


def _constant(
    rng: np.random.Generator, shape: tuple[int, ...], fi: int, fo: int, s: float
) -> FloatArray:
    return np.full(shape, float(s))


def _normal(rng: np.random.Generator, shape: tuple[int, ...], std: float) -> FloatArray:
    return std * rng.standard_normal(shape)


def _uniform(rng: np.random.Generator, shape: tuple[int, ...], limit: float) -> FloatArray:
    return rng.uniform(-limit, limit, size=shape)


def _random_normal(
    rng: np.random.Generator, shape: tuple[int, ...], fi: int, fo: int, s: float
) -> FloatArray:
    return _normal(rng, shape, s)


def _random_uniform(
    rng: np.random.Generator, shape: tuple[int, ...], fi: int, fo: int, s: float
) -> FloatArray:
    return _uniform(rng, shape, s)


def _lecun_normal(
    rng: np.random.Generator, shape: tuple[int, ...], fi: int, fo: int, s: float
) -> FloatArray:
    return _normal(rng, shape, 1.0 / math.sqrt(fi))


def _glorot_uniform(
    rng: np.random.Generator, shape: tuple[int, ...], fi: int, fo: int, s: float
) -> FloatArray:
    return _uniform(rng, shape, math.sqrt(6.0 / (fi + fo)))


def _glorot_normal(
    rng: np.random.Generator, shape: tuple[int, ...], fi: int, fo: int, s: float
) -> FloatArray:
    return _normal(rng, shape, math.sqrt(2.0 / (fi + fo)))


def _he_uniform(
    rng: np.random.Generator, shape: tuple[int, ...], fi: int, fo: int, s: float
) -> FloatArray:
    return _uniform(rng, shape, math.sqrt(6.0 / fi))


def _he_normal(
    rng: np.random.Generator, shape: tuple[int, ...], fi: int, fo: int, s: float
) -> FloatArray:
    return _normal(rng, shape, math.sqrt(2.0 / fi))


INITIALIZERS: dict[str, Initializer] = {
    init.name: init
    for init in (
        Initializer("zeros", "0 (every unit of a layer stays identical: symmetry)", _zeros),
        Initializer("constant", "scale (every unit of a layer stays identical)", _constant, True),
        Initializer("random_normal", "N(0, scale^2)", _random_normal, True),
        Initializer("random_uniform", "U[-scale, +scale]", _random_uniform, True),
        Initializer("lecun_normal", "N(0, 1 / n_in)", _lecun_normal),
        Initializer("glorot_uniform", "U[±sqrt(6 / (n_in + n_out))] (Xavier)", _glorot_uniform),
        Initializer("glorot_normal", "N(0, 2 / (n_in + n_out))", _glorot_normal),
        Initializer("he_uniform", "U[±sqrt(6 / n_in)]", _he_uniform),
        Initializer("he_normal", "N(0, 2 / n_in)", _he_normal),
    )
}
"""Every initializer by name; used for weights and biases alike (fans are the layer's)."""


def get_initializer(name: str) -> Initializer:
    """The initializer called `name`, or ValueError listing the choices."""
    if name not in INITIALIZERS:
        raise ValueError(f"unknown initializer {name!r}; choose one of: {', '.join(INITIALIZERS)}")
    return INITIALIZERS[name]
