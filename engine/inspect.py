"""Looking inside a network: one pass over a grid of the plane, and one example traced in full.

The grid pass runs in float32, a block of rows at a time, and keeps nothing between calls; the
trace shows the backpropagation equations with numbers for a single point.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.activations import Activation
from engine.datasets import BOX
from engine.features import Standardizer, make_features_into
from engine.losses import Output
from engine.network import Batch, Network

__all__ = [
    "BOX",
    "GRID_FEATURES",
    "MAX_RESOLUTION",
    "Grid",
    "GridFeatureCache",
    "as_points",
    "check_resolution",
    "grid_pass",
    "grid_points",
    "trace",
]

F32 = NDArray[np.float32]
FloatArray = NDArray[np.float64]
MAX_RESOLUTION = 1000
BLOCK_POINTS = 4096
"""Grid points per block of the grid pass (whole grid rows; at least one row)."""
BLAS_SINGLE = 1 << 18
"""Largest m * k * n of one matrix product in the grid pass (OpenBLAS stays on one thread)."""
MIN_BLOCK = 1024
"""Fewest rows per product, so wide layers are not cut into thousands of calls."""
GRID_FEATURE_BUDGET = 32 << 20
"""Bytes of raw grid features kept for the whole process (about 14 grids of 200 x 200 with
every one of the 7 inputs)."""


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


class GridFeatureCache:
    """Raw (not standardised) grid features per (resolution, inputs), shared by every run of
    the process: they depend on nothing else. Bounded by `budget` bytes; the least recently used
    entry goes first, and a matrix larger than the whole budget is computed but not kept."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._entries: OrderedDict[tuple[int, tuple[str, ...]], FloatArray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def nbytes(self) -> int:
        """Bytes held right now (never more than the budget)."""
        with self._lock:
            return sum(entry.nbytes for entry in self._entries.values())

    def get(self, resolution: int, inputs: Sequence[str]) -> FloatArray:
        """The (R*R, len(inputs)) float64 features of the grid points, read-only."""
        key = (resolution, tuple(inputs))
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None:
                self._entries.move_to_end(key)
                return cached
        entry: FloatArray = np.empty((resolution**2, len(key[1])))
        make_features_into(grid_points(resolution), key[1], entry)
        entry.flags.writeable = False
        with self._lock:
            self._entries[key] = entry
            while self._entries and sum(e.nbytes for e in self._entries.values()) > self.budget:
                self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


GRID_FEATURES = GridFeatureCache(GRID_FEATURE_BUDGET)
"""The one cache every grid pass of this process uses."""


def grid_pass(
    net: Network,
    inputs: list[str],
    standardizer: Standardizer,
    resolution: int,
    neurons: bool = False,
) -> Grid:
    """One float32 forward pass over the R x R grid, a block of grid rows at a time.

    A block's features and hidden activations live in a workspace sized by the block (about
    BLOCK_POINTS points), never by the grid, and nothing outlives the call: a grid costs memory
    only while it is computed (its output, plus every hidden layer when `neurons` asks for them).
    """
    r, n = resolution, resolution * resolution
    raw = GRID_FEATURES.get(r, inputs)
    out = np.empty((n, net.sizes[-1]), dtype=np.float32)
    kept = [np.empty((n, k), dtype=np.float32) for k in net.sizes[1:-1]] if neurons else []
    layers = [_Layer(block, r) for block in net.layers]
    activations: list[Activation | Output] = [*net.hidden, net.output]
    step = max(1, BLOCK_POINTS // r) * r
    work = _Workspace(min(step, n), len(inputs), max(net.sizes[1:-1], default=1))
    with np.errstate(all="ignore"):
        for start in range(0, n, step):
            stop = min(start + step, n)
            a = work.features(raw[start:stop], standardizer)
            for index, (layer, activation) in enumerate(zip(layers, activations, strict=True)):
                if layer is layers[-1]:
                    z = out[start:stop]
                elif neurons:
                    z = kept[index][start:stop]
                else:
                    z = work.hidden(index, stop - start, layer.width)
                layer.apply(a, z)
                activation.forward(z, z)
                a = z
    return Grid(
        resolution=r, output=out.reshape(r, r, -1), neurons=[h.reshape(r, r, -1) for h in kept]
    )


class _Layer:
    """One weight layer in float32: W^T for the product and its bias repeated along a grid row."""

    def __init__(self, block: FloatArray, resolution: int) -> None:
        w = block.T.astype(np.float32)
        self.weights = w[:-1]
        self.width = w.shape[1]
        self.row_bias = np.tile(w[-1], resolution)

    def apply(self, a: F32, z: F32) -> None:
        """z = a @ W^T + b for a block of whole grid rows."""
        _matmul_rows(a, self.weights, z)
        # + b one grid row (R points) at a time: a long inner loop is ~4x faster
        z.reshape(-1, len(self.row_bias))[...] += self.row_bias


class _Workspace:
    """Scratch arrays for one block of grid points: its standardised features, and two hidden
    buffers that the layers alternate between (layer l reads one and writes the other)."""

    def __init__(self, points: int, n_inputs: int, width: int) -> None:
        self._scaled = np.empty((points, n_inputs))
        self._inputs = np.empty((points, n_inputs), dtype=np.float32)
        self._hidden = (np.empty(points * width, np.float32), np.empty(points * width, np.float32))

    def features(self, raw: FloatArray, standardizer: Standardizer) -> F32:
        """(m, n_0) float32 network inputs of m raw feature rows (standardised in float64)."""
        m = len(raw)
        scaled = standardizer.transform(raw, out=self._scaled[:m])
        single = self._inputs[:m]
        single[...] = scaled
        return single

    def hidden(self, layer: int, m: int, width: int) -> F32:
        """A contiguous (m, width) buffer, not the one the previous layer wrote."""
        return self._hidden[layer % 2][: m * width].reshape(m, width)


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
