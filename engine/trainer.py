"""The hot loop: mini-batch gradient descent with shuffling, penalties, clipping and a guard.

Nothing is evaluated here; the loop only draws batches, backpropagates and updates. It stops at
the first NaN or infinity in the gradient or the parameters, back at the last finite state.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.checks import check_array, check_count, check_key, check_mapping, check_number
from engine.config import TrainingConfig
from engine.network import Batch, Network
from engine.optimizers import Optimizer, get_optimizer
from engine.regularizers import get_regularizer
from engine.schedules import get_schedule

__all__ = ["Trainer", "advance_position"]

FloatArray = NDArray[np.float64]


def advance_position(pos: int, m: int, n: int, batch_size: int) -> tuple[int, int]:
    """Where the next batch starts after an update over `m` of `n` examples from `pos`, and
    whether that update ended an epoch (1) or not (0); a full-batch update always does."""
    if batch_size >= n:
        return pos, 1
    pos += m
    return pos, int(pos >= n)


class Trainer:
    """Owns the optimiser, the step counters and the epoch order of the training examples.

    x: (n, n_0) training features; t: (n, n_L) targets (both kept as columns internally).
    """

    def __init__(
        self,
        net: Network,
        settings: TrainingConfig,
        x: FloatArray,
        t: FloatArray,
        rng: np.random.Generator,
    ) -> None:
        self.net = net
        self.rng = rng
        self.step = 0
        self.epoch = 0
        self.examples_seen = 0
        self.clip_scale = 1.0
        self.weight_limit = math.inf  # squared parameter norm past which training stops
        self.stop_reason = "diverged"
        size = len(net.params)
        self._backup = np.empty(size)
        self._tmp = np.empty(size)
        self.optimizer: Optimizer = get_optimizer(settings.optimizer, size, settings)
        self._state_backup = np.zeros_like(self.optimizer.state)  # saved even if never used
        self._can_undo = False
        self.settings = settings
        self.set_data(x, t)

    def set_data(self, x: FloatArray, t: FloatArray) -> None:
        """New training examples; the next step starts a fresh epoch."""
        self.n = len(x)
        self.x = np.vstack([np.asarray(x, dtype=np.float64).T, np.ones((1, self.n))])
        self.t = np.ascontiguousarray(np.asarray(t, dtype=np.float64).T)
        self.order = np.arange(self.n)
        self.pos = self.n
        self._full = Batch(self.net, self.n, self.x, self.t)
        self.configure(self.settings)

    def configure(self, settings: TrainingConfig) -> bool:
        """Apply training settings live; True when the optimiser type changed (state reset)."""
        self.settings = settings
        self._can_undo = False
        self.rate = get_schedule(settings.schedule).rate
        self.penalty = get_regularizer(settings.regularization)
        self.coef = self.net.weight_mask * (settings.alpha / self.n)
        self.dropout = settings.dropout
        self.batch_size = min(settings.batch_size, self.n)
        self.clip = settings.clip_norm
        if settings.optimizer != self.optimizer.name:
            size = len(self.net.params)
            self.optimizer = get_optimizer(settings.optimizer, size, settings)
            self._state_backup = np.zeros_like(self.optimizer.state)
            return True
        self.optimizer.configure(settings)
        return False

    def learning_rate(self) -> float:
        """eta of the next step under the schedule."""
        return self.rate(self.settings, self.step)

    def _next_batch(self) -> Batch:
        """The next mini-batch in epoch order (the whole set when batch_size >= n), drawing a
        fresh permutation from the run's generator when an epoch starts."""
        n = self.n
        if self.batch_size >= n:
            return self._full
        pos = self.pos
        if pos >= n:
            self.order = self.rng.permutation(n)
            self.pos = pos = 0
        index = self.order[pos : pos + self.batch_size]
        b = self.net.batch(len(index))
        np.take(self.x, index, 1, b.x, "clip")
        np.take(self.t, index, 1, b.t, "clip")
        return b

    def _advance(self, m: int) -> None:
        """Count one finished update over m examples."""
        self.step += 1
        self.examples_seen += m
        self.pos, ended = advance_position(self.pos, m, self.n, self.batch_size)
        self.epoch += ended

    def steps_to_epoch_end(self) -> int:
        """Updates left in the current epoch (a whole epoch's when the next step starts one)."""
        if self.batch_size >= self.n:
            return 1
        left = self.n - self.pos if self.pos < self.n else self.n
        return -(-left // self.batch_size)

    def last_update_ratio(self) -> float | None:
        """||theta - theta_before|| / ||theta|| of the last update, None when it is not known
        (no update since the parameters last changed from outside). One vector pass: cheap
        enough for an evaluation point."""
        if not self._can_undo:
            return None
        with np.errstate(all="ignore"):
            np.subtract(self.net.params, self._backup, out=self._tmp)
            moved = float(np.dot(self._tmp, self._tmp))
            size = float(np.dot(self.net.params, self.net.params))
        if not (math.isfinite(moved) and math.isfinite(size)) or size == 0.0:
            return None
        return math.sqrt(moved / size)

    def forget_undo(self) -> None:
        """The parameters were changed from outside: the saved previous state is stale."""
        self._can_undo = False

    def _undo(self) -> None:
        """Go back to the parameters and optimiser state before the last update (once)."""
        if self._can_undo:
            np.copyto(self.net.params, self._backup)
            if self.optimizer.stateful:
                np.copyto(self.optimizer.state, self._state_backup)
            self.optimizer.t -= 1
            self._can_undo = False

    def run(self, steps: int) -> bool:
        """Up to `steps` updates; False when a NaN or infinity ("diverged") or parameters whose
        squared norm exceeds `weight_limit` ("exploding": caught while still finite) stopped
        training; `stop_reason` says which.

        A non-finite gradient means the last update led out of the finite region, so it is
        undone: the parameters and optimiser state are again those at which the last finite
        gradient was computed (the step counters keep counting it). Non-finite or too large
        parameters after an update undo that update. Either way a smaller learning rate can
        resume. With no weight limit the finiteness test is a plain sum; with one, the squared
        norm sum(w^2) answers both questions at the same cost.
        """
        net, params, grad = self.net, self.net.params, self.net.grad
        opt, backup, state_backup = self.optimizer, self._backup, self._state_backup
        penalty, coef, tmp, clip = self.penalty, self.coef, self._tmp, self.clip
        p, rng, rate, settings = self.dropout, self.rng, self.rate, self.settings
        stateful, update, backprop = opt.stateful, opt.step, net.backprop
        dot, copyto, total, isfinite = np.dot, np.copyto, np.add.reduce, math.isfinite
        next_batch, advance = self._next_batch, self._advance
        limit = self.weight_limit
        bounded = limit < math.inf
        with np.errstate(all="ignore"):
            for _ in range(steps):
                b = next_batch()
                if p > 0.0:
                    b.draw_masks(rng, p)
                else:
                    b.dropout = False
                backprop(b)
                if penalty.active:
                    penalty.add_grad(params, coef, grad, tmp)
                square = float(dot(grad, grad))
                if not isfinite(square):
                    self._undo()
                    self.stop_reason = "diverged"
                    return False
                self.clip_scale = 1.0
                if clip is not None and square > clip * clip:
                    self.clip_scale = clip / math.sqrt(square)
                    grad *= self.clip_scale
                copyto(backup, params)
                if stateful:
                    copyto(state_backup, opt.state)
                update(params, grad, rate(settings, self.step))
                self._can_undo = True
                size = float(dot(params, params)) if bounded else float(total(params))
                if not isfinite(size):
                    self._undo()
                    self.stop_reason = "diverged"
                    return False
                if bounded and size > limit:
                    self._undo()
                    self.stop_reason = "exploding"
                    return False
                advance(b.m)
        return True

    def state_dict(self) -> dict[str, Any]:
        """Counters, epoch order, optimiser state and the state before the last update (for an
        undo) as plain JSON."""
        undo = None
        if self._can_undo:
            undo = {"params": self._backup.tolist(), "state": self._state_backup.tolist()}
        return {
            "step": self.step,
            "epoch": self.epoch,
            "examples_seen": self.examples_seen,
            "clip_scale": self.clip_scale,
            "order": self.order.tolist(),
            "pos": self.pos,
            "optimizer": self.optimizer.state_dict(),
            "undo": undo,
        }

    def load_state(self, data: object, where: str = "trainer") -> None:
        """Restore what `state_dict` returned; ValueError naming the first bad field (`where`
        prefixes the names). Counters must be consistent: epoch <= step <= examples_seen."""
        data = check_mapping(where, data)

        def get(key: str) -> Any:
            return check_key(where, data, key)

        step = check_count(f"{where}.step", get("step"))
        epoch = check_count(f"{where}.epoch", get("epoch"), 0, step)
        examples_seen = check_count(f"{where}.examples_seen", get("examples_seen"), step)
        clip_scale = check_number(f"{where}.clip_scale", get("clip_scale"), 0.0, 1.0, open_low=True)
        order = check_array(f"{where}.order", get("order"), (self.n,), integers=True)
        if not np.array_equal(np.sort(order), np.arange(self.n)):
            raise ValueError(
                f"{where}.order must be a permutation of 0..{self.n - 1} (the training set)"
            )
        pos = check_count(f"{where}.pos", get("pos"), 0, self.n)
        undo = get("undo")
        if undo is not None:
            undo = check_mapping(f"{where}.undo", undo)
            backup = check_array(
                f"{where}.undo.params",
                check_key(f"{where}.undo", undo, "params"),
                self._backup.shape,
            )
            state_backup = check_array(
                f"{where}.undo.state",
                check_key(f"{where}.undo", undo, "state"),
                self._state_backup.shape,
            )
        self.optimizer.load_state(get("optimizer"), f"{where}.optimizer", max_t=step)
        if undo is not None and self.optimizer.t == 0:
            raise ValueError(f"{where}.undo must be null before the optimizer's first update")
        self.step, self.epoch, self.examples_seen = step, epoch, examples_seen
        self.clip_scale = clip_scale
        self.order, self.pos = order, pos
        self._can_undo = undo is not None
        if undo is not None:
            self._backup[...] = backup
            self._state_backup[...] = state_backup
