"""Looking inside a network: one pass over a grid of the plane, and one example traced in full.

The grid pass runs in float32 over cached features and reused buffers; the trace shows the
backpropagation equations with numbers for a single point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.datasets import BOX
from engine.features import Standardizer, make_features_into
from engine.network import Batch, Network

__all__ = [
    "BOX",
    "MAX_RESOLUTION",
    "Grid",
    "GridPass",
    "as_points",
    "check_resolution",
    "grid_points",
    "trace",
]

F32 = NDArray[np.float32]
FloatArray = NDArray[np.float64]
MAX_RESOLUTION = 1000
MAX_CACHED = 8
"""Grid feature matrices and buffer sets kept at most (a few resolutions and architectures)."""
BLAS_SINGLE = 1 << 18
"""Largest m * k * n of one matrix product in the grid pass (OpenBLAS stays on one thread)."""
MIN_BLOCK = 1024
"""Fewest rows per product, so wide layers are not cut into thousands of calls."""


@dataclass
class Grid:
    """Network outputs over an R x R grid of [-6, 6]^2; row 0 is x2 = +6, column 0 is x1 = -6.

    output: (R, R, c) probabilities (or the regression value); neurons: one (R, R, n_l) array
    of activations per hidden layer, empty unless asked for.
    """

    resolution: int
    output: F32
    neurons: list[F32] = field(default_factory=list)


def check_resolution(resolution: object) -> int:
    """`resolution` if it is an integer in [2, MAX_RESOLUTION], else ValueError."""
    if (
        isinstance(resolution, int)
        and not isinstance(resolution, bool)
        and 2 <= resolution <= MAX_RESOLUTION
    ):
        return resolution
    raise ValueError(f"resolution must be an integer in [2, {MAX_RESOLUTION}], got {resolution!r}")


def as_points(X: Any) -> FloatArray:
    """Raw points as a finite float64 (n, 2) array (one pair (x1, x2) is allowed), or ValueError."""
    try:
        array = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            "X must be finite points of shape (n, 2): numbers, every row [x1, x2]"
        ) from None
    if array.shape == (2,):
        array = array.reshape(1, 2)
    if array.ndim != 2 or array.shape[1] != 2 or not np.all(np.isfinite(array)):
        raise ValueError(f"X must be finite points of shape (n, 2), got shape {array.shape}")
    return array


def grid_points(resolution: int) -> FloatArray:
    """The R*R raw points (x1, x2) in row-major order: x1 = linspace(-6, 6), x2 from +6 down."""
    x1 = np.linspace(-BOX, BOX, resolution)
    x2 = np.linspace(BOX, -BOX, resolution)
    points = np.empty((resolution, resolution, 2))
    points[:, :, 0] = x1[None, :]
    points[:, :, 1] = x2[:, None]
    return points.reshape(-1, 2)


class GridPass:
    """Grid features cached per (resolution, inputs, standardisation); hidden buffers reused."""

    def __init__(self) -> None:
        self._features: dict[tuple[int, tuple[str, ...]], tuple[Standardizer, F32]] = {}
        self._hidden: dict[tuple[int, ...], list[F32]] = {}

    def features(self, resolution: int, inputs: list[str], standardizer: Standardizer) -> F32:
        """(R*R, len(inputs)) float32 network inputs of the grid points."""
        key = (resolution, tuple(inputs))
        cached = self._features.get(key)
        if cached is not None and cached[0] is standardizer:
            return cached[1]
        F = np.empty((resolution * resolution, len(inputs)))
        make_features_into(grid_points(resolution), inputs, F)
        single = standardizer.transform(F, out=F).astype(np.float32)
        if len(self._features) >= MAX_CACHED:
            self._features.clear()
        self._features[key] = (standardizer, single)
        return single

    def _buffers(self, net: Network, n: int, neurons: bool) -> list[F32]:
        """(n, n_l) float32 arrays for the hidden layers: new ones when the caller keeps them
        (`neurons`), else a cached set."""
        sizes = net.sizes[1:-1]
        if neurons:
            return [np.empty((n, k), dtype=np.float32) for k in sizes]
        key = (n, *sizes)
        if key not in self._hidden:
            if len(self._hidden) >= MAX_CACHED:
                self._hidden.clear()
            self._hidden[key] = [np.empty((n, k), dtype=np.float32) for k in sizes]
        return self._hidden[key]

    def run(self, net: Network, F: F32, resolution: int, neurons: bool) -> Grid:
        """One float32 forward pass over the grid features F (R*R, n_0)."""
        hidden = self._buffers(net, len(F), neurons)
        out = np.empty((len(F), net.sizes[-1]), dtype=np.float32)
        a, r = F, resolution
        with np.errstate(all="ignore"):
            for layer, block in enumerate(net.layers):
                w = block.T.astype(np.float32)
                z = hidden[layer] if layer < len(hidden) else out
                _matmul_rows(a, w[:-1], z)
                # + b one grid row (R points) at a time: a long inner loop is ~4x faster
                z.reshape(r, -1)[...] += np.tile(w[-1], r)
                if layer < len(hidden):
                    net.hidden[layer].forward(z, z)
                else:
                    net.output.forward(z, z)
                a = z
        return Grid(
            resolution=r,
            output=out.reshape(r, r, -1),
            neurons=[h.reshape(r, r, -1) for h in hidden] if neurons else [],
        )


def _matmul_rows(a: F32, w: F32, out: F32) -> None:
    """out = a @ w in blocks of rows small enough (rows * n_in * n_out <= BLAS_SINGLE) that
    BLAS computes each on one thread: these products are too small to gain from threads, and
    on a busy machine waiting for a second thread can cost ten times the product itself."""
    rows = max(MIN_BLOCK, BLAS_SINGLE // (w.shape[0] * w.shape[1]))
    for start in range(0, len(a), rows):
        np.matmul(a[start : start + rows], w, out=out[start : start + rows])


def trace(net: Network, features: FloatArray, target: FloatArray | None) -> dict[str, Any]:
    """z, a, delta, dW and db of every layer for one example (features: (n_0,), target (n_L,)).

    Forward: z^[l] = W^[l] a^[l-1] + b^[l], a^[l] = g^[l](z^[l]). Backward (with a target):
    delta^[L] = dC/dz^[L], delta^[l] = (W^[l+1]T delta^[l+1]) * g'(z^[l]),
    dC/dW^[l] = delta^[l] a^[l-1]T, dC/db^[l] = delta^[l]. Dropout is off, as in evaluation.
    """
    batch = Batch(net, 1)
    batch.x[:-1, 0] = features
    batch.t[:, 0] = 0.0 if target is None else target
    grad = np.zeros_like(net.params)
    net.backprop(batch, grad)
    loss = None
    if target is not None:
        z, yhat, t = batch.z[-1].T, batch.yhat.T, batch.t.T
        loss = net.loss.value(net.output.activation, z, yhat, t)
    return {
        "input": [float(v) for v in features],
        "layers": _trace_layers(net, batch, grad, backward=target is not None),
        "output": batch.yhat[:, 0].tolist(),
        "loss": loss,
    }


def _trace_layers(
    net: Network, batch: Batch, grad: FloatArray, backward: bool
) -> list[dict[str, Any]]:
    """One {"z", "a", "delta", "dW", "db"} per weight layer of a one-example batch; the
    backward figures are None unless `backward`."""
    layers = []
    for layer, g in enumerate(net.views(grad)):
        a = batch.acts[layer] if layer < len(batch.acts) else batch.yhat
        entry: dict[str, Any] = {"z": batch.z[layer][:, 0].tolist(), "a": a[:, 0].tolist()}
        if backward:
            delta = batch.deltas[layer][:, 0]
            entry.update(delta=delta.tolist(), dW=g[:, :-1].tolist(), db=g[:, -1].tolist())
        else:
            entry.update(delta=None, dW=None, db=None)
        layers.append(entry)
    return layers
