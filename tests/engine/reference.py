"""High-precision closed forms in `decimal`, independent of the engine's NumPy code: the
reference for values and gradients where float64 formulas lose precision."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal, localcontext

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def _digits(*z: float) -> int:
    """Working digits for logits up to max |z|: enough to hold e^-2|z| next to 1 (the
    quadratic cost squares an e^-|z| tail) with 60 digits to spare."""
    return 60 + math.ceil(2 * max(abs(v) for v in z) / math.log(10))


def _sigmoid(z: Decimal) -> Decimal:
    return 1 / (1 + (-z).exp())


def sigmoid(z: float) -> float:
    with localcontext(prec=_digits(z)):
        return float(_sigmoid(Decimal(z)))


def sigmoid_slope(z: float) -> float:
    with localcontext(prec=_digits(z)):
        s = _sigmoid(Decimal(z))
        return float(s * (1 - s))


def softplus(z: float) -> float:
    with localcontext(prec=_digits(z)):
        return float((1 + Decimal(z).exp()).ln())


def elu(z: float) -> float:
    with localcontext(prec=_digits(z)):
        return z if z > 0 else float(Decimal(z).exp() - 1)


def elu_slope(z: float) -> float:
    with localcontext(prec=_digits(z)):
        return 1.0 if z > 0 else float(Decimal(z).exp())


def _probabilities(activation: str, z: Sequence[float]) -> list[Decimal]:
    """yhat of one row: softmax or element-wise sigmoid (call inside a context)."""
    if activation == "sigmoid":
        return [_sigmoid(Decimal(v)) for v in z]
    exps = [Decimal(v).exp() for v in z]
    total = sum(exps)
    return [e / total for e in exps]


def cost(loss: str, activation: str, z: Sequence[float], t: Sequence[float]) -> float:
    """C_x of one row of logits z with targets t (cross_entropy or mse)."""
    with localcontext(prec=_digits(*z)):
        p = _probabilities(activation, z)
        target = [Decimal(v) for v in t]
        if loss == "mse":
            return float(sum((a - b) ** 2 for a, b in zip(p, target, strict=True)) / 2)
        if activation == "softmax":
            return float(-sum(b * a.ln() for a, b in zip(p, target, strict=True)))
        return float(
            -sum(b * a.ln() + (1 - b) * (1 - a).ln() for a, b in zip(p, target, strict=True))
        )


def output_error(loss: str, activation: str, z: Sequence[float], t: Sequence[float]) -> FloatArray:
    """dC_x/dz of one row: yhat - t for cross-entropy; for the quadratic cost
    (yhat - t) s'(z) with a sigmoid and J^T (yhat - t) with a softmax."""
    with localcontext(prec=_digits(*z)):
        p = _probabilities(activation, z)
        error = [a - Decimal(b) for a, b in zip(p, t, strict=True)]
        if loss == "cross_entropy":
            grad = error
        elif activation == "sigmoid":
            grad = [e * a * (1 - a) for e, a in zip(error, p, strict=True)]
        else:
            inner = sum(e * a for e, a in zip(error, p, strict=True))
            grad = [a * (e - inner) for e, a in zip(error, p, strict=True)]
        return np.array([float(g) for g in grad])
