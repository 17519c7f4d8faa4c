"""Shared helpers for the engine tests: centred finite differences in float64."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def numeric_gradient(f: Callable[[], float], x: FloatArray, h: float = 1e-6) -> FloatArray:
    """(f(x + h e_i) - f(x - h e_i)) / 2h for every entry of x, changing x in place and back."""
    grad = np.zeros(x.shape)
    flat, out = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = f()
        flat[i] = old - h
        down = f()
        flat[i] = old
        out[i] = (up - down) / (2 * h)
    return grad


def relative_error(a: FloatArray, b: FloatArray) -> float:
    """max |a - b| / max(|a|, |b|, 1e-12), the usual gradient-check figure."""
    scale = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), 1e-12)
    return float(np.max(np.abs(a - b))) / scale


def precise_numeric_gradient(f: Callable[[], float], x: FloatArray, h: float = 1e-3) -> FloatArray:
    """The five-point centred difference (8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h per
    entry: error ~h^4 instead of ~h^2, so a larger h keeps rounding small and the check can
    ask for relative 1e-10 where the function is smooth and well scaled."""
    grad = np.zeros(x.shape)
    flat, out = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        values = []
        for step in (h, -h, 2 * h, -2 * h):
            flat[i] = old + step
            values.append(f())
        flat[i] = old
        out[i] = (8 * (values[0] - values[1]) - (values[2] - values[3])) / (12 * h)
    return grad
