"""A fully connected feedforward network whose weights and biases live in one flat vector.

Layer l is stored as [W^[l] | b^[l]]; training keeps examples as columns with a row of ones under
A^[l-1], so one matrix product gives Z = W A + b and one more gives both dW and db.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from engine.activations import Activation
from engine.initializers import Initializer
from engine.losses import Loss, Output

__all__ = ["Batch", "Forward", "Network"]

FloatArray = NDArray[np.float64]


@dataclass
class Forward:
    """One evaluation pass: z^[l] and a^[l] per layer (a^[L] = yhat), examples as rows."""

    zs: list[FloatArray]
    activations: list[FloatArray]

    @property
    def output(self) -> FloatArray:
        return self.activations[-1]


class Batch:
    """Preallocated buffers for forward and backward passes over m examples, one per column.

    `x` is A^[0] of shape (n_0 + 1, m) whose last row is ones (fill `x[:-1]`, or pass a ready
    array), `t` the targets (n_L, m), `masks` the dropout multipliers (n_l, m) of the hidden
    units (used when `dropout` is set). Every buffer the loop touches is C-contiguous, because
    strided views cost NumPy several times more per operation on small arrays.
    """

    def __init__(
        self, net: Network, m: int, x: FloatArray | None = None, t: FloatArray | None = None
    ) -> None:
        sizes = net.sizes
        self.m = m
        self.inv_m = 1.0 / m
        self.x = np.ones((sizes[0] + 1, m)) if x is None else x
        self.t = np.empty((sizes[-1], m)) if t is None else t
        self.inputs = [self.x] + [np.ones((n + 1, m)) for n in sizes[1:-1]]
        self.inputs_t = [a.T for a in self.inputs]
        self.acts = [a[:-1] for a in self.inputs[1:]]
        self.z = [np.empty((n, m)) for n in sizes[1:]]
        self.slopes = [np.empty((n, m)) for n in sizes[1:-1]]
        self.back = [np.empty((n + 1, m)) for n in sizes[1:-1]]
        self.deltas = [b[:-1] for b in self.back] + [np.empty((sizes[-1], m))]
        self.yhat = np.empty((sizes[-1], m))
        self.masks = [np.empty((n, m)) for n in sizes[1:-1]]
        self.dropout = False

    def draw_masks(self, rng: np.random.Generator, p: float) -> None:
        """Inverted dropout: mask = [u >= p] / (1 - p) with u ~ U[0, 1) per hidden unit."""
        keep = 1.0 / (1.0 - p)
        for mask in self.masks:
            rng.random(out=mask)
            np.greater_equal(mask, p, out=mask)
            mask *= keep
        self.dropout = True


class Network:
    """Weights, the forward pass and backpropagation for sizes [n_0, n_1, ..., n_L].

    `params` is the flat vector; `layers[l]` is the (n_l, n_{l-1} + 1) view [W | b] of weight
    layer l + 1; `grad` and `grad_layers` hold the gradient of the last backward pass alike.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activations: Sequence[Activation],
        output: Output,
        loss: Loss,
    ) -> None:
        if len(activations) != len(sizes) - 2:
            raise ValueError(
                f"activations must hold one per hidden layer ({len(sizes) - 2}), "
                f"got {len(activations)}"
            )
        self.sizes = list(sizes)
        self.hidden = list(activations)
        self.output = output
        self.loss = loss
        self._shapes = [(n_out, n_in + 1) for n_in, n_out in pairwise(sizes)]
        self.params = np.zeros(sum(r * c for r, c in self._shapes))
        self.grad = np.zeros_like(self.params)
        self.layers = self.views(self.params)
        self.grad_layers = self.views(self.grad)
        self._layers_t = [layer.T for layer in self.layers]
        self.weight_mask = np.zeros_like(self.params)
        for layer in self.views(self.weight_mask):
            layer[:, :-1] = 1.0
        self._batches: dict[int, Batch] = {}

    def views(self, flat: FloatArray) -> list[FloatArray]:
        """Per-layer (n_l, n_{l-1} + 1) views [W | b] into a flat vector shaped like params."""
        out, start = [], 0
        for rows, cols in self._shapes:
            out.append(flat[start : start + rows * cols].reshape(rows, cols))
            start += rows * cols
        return out

    @property
    def n_layers(self) -> int:
        """Weight layers L (hidden layers + the output layer)."""
        return len(self.layers)

    def weight(self, layer: int) -> FloatArray:
        """W^[layer + 1] as an (n_out, n_in) view."""
        weights: FloatArray = self.layers[layer][:, :-1]
        return weights

    def bias(self, layer: int) -> FloatArray:
        """b^[layer + 1] as an (n_out,) view."""
        bias: FloatArray = self.layers[layer][:, -1]
        return bias

    def initialize(
        self,
        rng: np.random.Generator,
        kernel: Initializer,
        kernel_scale: float,
        bias: Initializer,
        bias_scale: float,
    ) -> None:
        """Draw W^[l] (n_l, n_{l-1}) then b^[l] (n_l,) for l = 1..L from `rng`."""
        for layer, (n_in, n_out) in enumerate(pairwise(self.sizes)):
            self.weight(layer)[...] = kernel.draw(rng, (n_out, n_in), n_in, n_out, kernel_scale)
            self.bias(layer)[...] = bias.draw(rng, (n_out,), n_in, n_out, bias_scale)

    # ------------------------------------------------------------------------- evaluation

    def forward(self, X: FloatArray, masks: Sequence[FloatArray] | None = None) -> Forward:
        """z^[l] = a^[l-1] W^[l]T + b^[l], a^[l] = g^[l](z^[l]) for X of shape (m, n_0).

        `masks` (one (m, n_l) array per hidden layer) multiplies the hidden activations.
        """
        a = np.asarray(X, dtype=np.float64)
        zs: list[FloatArray] = []
        acts: list[FloatArray] = []
        for layer in range(self.n_layers):
            z = a @ self.weight(layer).T + self.bias(layer)
            a = np.empty_like(z)
            if layer < len(self.hidden):
                self.hidden[layer].forward(z, a)
                if masks is not None:
                    a = a * masks[layer]
            else:
                self.output.forward(z, a)
            zs.append(z)
            acts.append(a)
        return Forward(zs, acts)

    def predict_output(self, X: FloatArray) -> FloatArray:
        """yhat for X (m, n_0): probabilities, or the regression value."""
        return self.forward(X).output

    def cost(
        self, X: FloatArray, T: FloatArray, masks: Sequence[FloatArray] | None = None
    ) -> float:
        """The data cost C0 = (1/m) sum_x C_x over the rows of X with targets T."""
        f = self.forward(X, masks)
        return self.loss.value(self.output.activation, f.zs[-1], f.output, T)

    def gradient(
        self, X: FloatArray, T: FloatArray, masks: Sequence[FloatArray] | None = None
    ) -> FloatArray:
        """dC0/dparams for X (m, n_0), T (m, n_L), masks (m, n_l) by the training pass
        `backprop`, as a new flat vector (`grad`, the last step's gradient, is left alone)."""
        batch = Batch(self, len(X))
        batch.x[:-1] = np.asarray(X).T
        batch.t[...] = np.asarray(T).T
        if masks is not None:
            for buffer, mask in zip(batch.masks, masks, strict=True):
                buffer[...] = np.asarray(mask).T
            batch.dropout = True
        grad = np.zeros_like(self.params)
        self.backprop(batch, grad)
        return grad

    # ------------------------------------------------------------------------- training

    def batch(self, m: int) -> Batch:
        """The cached buffers for batches of m examples."""
        batch = self._batches.get(m)
        if batch is None:
            batch = self._batches[m] = Batch(self, m)
        return batch

    def backprop(self, b: Batch, grad: FloatArray | None = None) -> None:
        """Forward then backward pass over batch `b` (examples as columns), leaving dC0/dparams
        in `grad` (by default the network's own gradient vector).

        Forward: z^[l] = [W | b]^[l] [a^[l-1]; 1], a^[l] = g(z^[l]) (times the dropout mask).
        Backward: delta^[L] = dC/dz^[L] / m, delta^[l] = (W^[l+1]T delta^[l+1]) * g'(z^[l]);
        d[W | b]^[l] = delta^[l] [a^[l-1]; 1]T, so db^[l] sums delta^[l] over the examples.
        """
        dot = np.dot
        layers, layers_t = self.layers, self._layers_t
        grads = self.grad_layers if grad is None else self.views(grad)
        inputs, acts, zs, slopes = b.inputs, b.acts, b.z, b.slopes
        masks = b.masks if b.dropout else None
        last = len(layers) - 1
        for i, g in enumerate(self.hidden):
            z, a, s = zs[i], acts[i], slopes[i]
            dot(layers[i], inputs[i], z)
            g.forward(z, a)
            g.derivative(z, a, s)
            if masks is not None:
                a *= masks[i]
                s *= masks[i]
        z, yhat = zs[last], b.yhat
        dot(layers[last], inputs[last], z)
        self.output.forward(z.T, yhat.T)
        deltas = b.deltas
        delta = deltas[last]
        self.loss.delta(self.output.activation, z.T, yhat.T, b.t.T, delta.T)
        delta *= b.inv_m
        inputs_t, back = b.inputs_t, b.back
        for i in range(last, 0, -1):
            delta = deltas[i]
            dot(delta, inputs_t[i], grads[i])
            dot(layers_t[i], delta, back[i - 1])
            deltas[i - 1] *= slopes[i - 1]
        dot(deltas[0], inputs_t[0], grads[0])
