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
