"""A training run: data, network and trainer built from one RunConfig, driven step by step.

The run evaluates metrics at the end of each train() call, keeps a bounded history, stops early
(checked at every epoch's end) or on divergence, and applies config updates live where it can.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine import data as rundata
from engine.activations import get_activation
from engine.checks import check_int, check_number
from engine.config import RunConfig
from engine.diagnoses import Coach, Facts, saturated_share
from engine.initializers import get_initializer
from engine.inspect import Grid, as_points, check_resolution, grid_pass
from engine.inspect import trace as trace_network
from engine.losses import get_loss, get_output
from engine.metrics import History, dead_units, evaluate_split, finite, layer_stats
from engine.network import Network
from engine.recovery import LastGood
from engine.serialize import run_from_dict, run_to_dict
from engine.trainer import Trainer

__all__ = ["Run"]

FloatArray = NDArray[np.float64]
MAX_STEPS_PER_CALL = 1_000_000


def param_norm(params: FloatArray) -> float:
    """||params|| without overflow for huge finite values (inf only if one is inf or NaN)."""
    with np.errstate(all="ignore"):
        largest = float(np.max(np.abs(params))) if params.size else 0.0
        if not math.isfinite(largest) or largest == 0.0:
            return largest
        return largest * float(np.linalg.norm(params / largest))


class Run:
    """One playground session's engine (see docs/api.md §2).

    With `coach` on (the default) every evaluation point is judged by `engine.diagnoses` and the
    last healthy state is kept for `rollback()`.
    """

    coach = True

    def __init__(
        self, config: RunConfig | Mapping[str, Any] | None = None, coach: bool = True
    ) -> None:
        if isinstance(config, RunConfig):
            config = config.to_dict()
        self.coach = coach
        self.config = RunConfig.from_dict(config)
        self._data = rundata.fresh(self.config)
        self._build_network()

    # ------------------------------------------------------------------------- building

    def _build_network(self) -> None:
        """Fresh weights from the run stream default_rng([seed, 1]); counters and history reset."""
        c = self.config
        n = c.network
        self.rng = np.random.default_rng([c.random_state, 1])
        output = get_output(n.output)
        sizes = [
            len(c.features.inputs),
            *n.hidden_layer_sizes,
            output.n_units(self._data.n_classes),
        ]
        hidden = [get_activation(name, n.leaky_slope) for name in n.activations()]
        self.net = Network(sizes, hidden, output, get_loss(n.loss))
        self.net.initialize(
            self.rng,
            get_initializer(n.kernel_initializer),
            n.kernel_init_scale,
            get_initializer(n.bias_initializer),
            n.bias_init_scale,
        )
        train = self._data.parts["train"]
        self.trainer = Trainer(self.net, c.training, train.F, train.T, self.rng)
        self._history = History()
        self._coach = Coach()
        self._last_good = LastGood()
        self._clear_status()
        self._record()

    def _clear_status(self) -> None:
        self.status = "idle"
        self.stop_reason = "diverged"  # or "exploding": caught before the numbers overflowed
        self.diverged_at: int | None = None
        self._best_loss = math.inf
        self._best_params: FloatArray | None = None
        self._wait = 0
        self._metrics: dict[str, Any] | None = None
        self._saturated: float | None = None
        self._dead: list[list[int]] = []
        self._bound_hit = False
        self._coach.restart(self.trainer.step)
        self._bound_weights()

    def use_coach(self, on: bool) -> None:
        """Turn the coach (diagnoses and the exploding guard) on or off from now on."""
        self.coach = on
        self._bound_weights()

    def _bound_weights(self) -> None:
        """With the coach on, training stops ("exploding") once the parameters' norm exceeds
        `explode_weight_ratio` times its value now (at least 1): caught while still finite."""
        self._origin_norm = max(param_norm(self.net.params), 1.0)
        if not self.coach:
            self.trainer.weight_limit = math.inf
            return
        bound = self._coach.thresholds.explode_weight_ratio * self._origin_norm
        self.trainer.weight_limit = bound * bound  # inf past the float range, never an error

    def _set_data(self, data: rundata.RunData) -> list[str]:
        """Use new data; keep the network if its input and output sizes still fit."""
        old_outputs = self.net.sizes[-1]
        self._data = data
        self._metrics = None
        outputs = self.net.output.n_units(data.n_classes)
        if outputs != old_outputs or len(self.config.features.inputs) != self.net.sizes[0]:
            self._build_network()
            return ["data", "network"]
        self.trainer.set_data(data.parts["train"].F, data.parts["train"].T)
        self._clear_status()
        self._record()
        return ["data"]

    # ------------------------------------------------------------------------- training

    @property
    def n_train(self) -> int:
        """Examples in the training split."""
        return self.trainer.n

    @property
    def steps_per_epoch(self) -> int:
        """Updates per pass over the training split: ceil(n_train / batch_size)."""
        return math.ceil(self.trainer.n / self.trainer.batch_size)

    def train(self, steps: int | None = None, epochs: int | None = None) -> dict[str, Any]:
        """Run `steps` updates (or `epochs` passes of ceil(n_train / batch_size) updates), then
        evaluate once and return the metrics. Does nothing while diverged or stopped early."""
        if (steps is None) == (epochs is None):
            raise ValueError("give exactly one of steps or epochs")
        count = steps if epochs is None else epochs
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"steps and epochs must be non-negative integers, got {count!r}")
        if epochs is not None:
            count = epochs * self.steps_per_epoch
        if count > MAX_STEPS_PER_CALL:
            raise ValueError(f"at most {MAX_STEPS_PER_CALL} steps per call, got {count}")
        if self.status == "idle" and count:
            self._run_steps(count)
            self._metrics = None
            self._record()
        return self.metrics()

    def _run_steps(self, count: int) -> None:
        """`count` updates; with early stopping on, the validation loss is checked at the end of
        every epoch, so patience counts epochs however the caller splits the training."""
        trainer = self.trainer
        watch = self.config.training.early_stopping and len(self._data.parts["val"]) > 0
        while count > 0 and self.status == "idle":
            chunk = min(count, trainer.steps_to_epoch_end()) if watch else count
            if not trainer.run(chunk):
                self.status, self.stop_reason = "diverged", trainer.stop_reason
                self._bound_hit = trainer.stop_reason == "exploding"
                self.diverged_at = trainer.step
                return
            count -= chunk
            if watch and trainer.steps_to_epoch_end() == self.steps_per_epoch:
                self._check_early_stopping(evaluate_split(self.net, self._data.parts["val"])[0])

    def _record(self) -> None:
        """Append a history point (once per step count) and let the coach judge it."""
        metrics = self.metrics()
        new_point = self._history.last_step != metrics["step"]
        if new_point:
            self._history.append(metrics)
        if self.coach and (new_point or self.status != "idle"):  # a stop at the first step too
            self._judge(metrics)

    def _judge(self, metrics: dict[str, Any]) -> None:
        """Stop an exploding run, keep the state if healthy, and update the diagnoses."""
        window = self._coach.window(self._history.columns)
        if self.status == "idle":
            reason = self._coach.blowing_up(window)
            if reason is not None:
                self.status, self.diverged_at = "diverged", self.trainer.step
                self.stop_reason = reason
            else:
                self._last_good.save(self.trainer, float(self.config.training.learning_rate))
        facts = Facts(
            step=self.trainer.step,
            status=self.stop_reason if self.status == "diverged" else self.status,
            learning_rate=float(self.config.training.learning_rate),
            classification=self.net.output.classification,
            loss=self.config.network.loss,
            net=self.net,
            layers=metrics["layers"],
            saturated=self._saturated,
            has_good_state=self._last_good.saved,
            param_norm=None if self.status == "idle" else param_norm(self.net.params),
            origin_norm=self._origin_norm,
            good_rate=self._last_good.rate,
            bound_hit=self._bound_hit,
            dead_units=self._dead,
            stopped_at=self.diverged_at,
            update_ratio=self.trainer.last_update_ratio(),
            error_spread=self._error_spread(),
        )
        metrics["diagnoses"] = self._coach.observe(window, facts)
        metrics["status"], metrics["diverged_at"] = self.status, self.diverged_at

    def _error_spread(self) -> float | None:
        """|dC/db| of the first layer over that of the last, at the last step: how much faster
        the error signal delta reaches the last layer than the first (None if either is 0)."""
        grads = self.net.grad_layers
        with np.errstate(all="ignore"):
            first = float(np.linalg.norm(grads[0][:, -1]))
            last = float(np.linalg.norm(grads[-1][:, -1]))
        if not (last > 0.0 and math.isfinite(first) and math.isfinite(last)):
            return None
        return first / last

    def rollback(self) -> dict[str, Any]:
        """Go back to the weights and optimiser state of the last healthy evaluation point and
        train on from there (status idle; the step counters keep counting). Returns the metrics.
        ValueError when no healthy state was kept (after loading a stopped run): reset instead."""
        self._last_good.restore(self.trainer)
        self._clear_status()
        return self.metrics()

    def _check_early_stopping(self, val_loss: float | None) -> None:
        """At an epoch's end: remember the best weights; after `patience` epochs without an
        improvement of more than `min_delta`, restore them and stop."""
        t = self.config.training
        if val_loss is None:
            return
        if val_loss < self._best_loss - t.min_delta:
            self._best_loss, self._wait = val_loss, 0
            self._best_params = self.net.params.copy()
        else:
            self._wait += 1
            if self._wait >= t.patience and self._best_params is not None:
                self.net.params[...] = self._best_params
                self.trainer.forget_undo()
                self.status = "stopped_early"
                self._metrics = None

    def metrics(self) -> dict[str, Any]:
        """The current metrics (docs/api.md §2); cached until the weights change."""
        if self._metrics is not None:
            return self._metrics
        with np.errstate(all="ignore"):
            results = {
                name: evaluate_split(self.net, part) for name, part in self._data.parts.items()
            }
            hidden = results["train"][2]
            self._dead = dead_units(self.net, hidden)
            self._saturated = self._saturation(results["train"][3])
            metrics: dict[str, Any] = {
                "step": self.trainer.step,
                "epoch": self.trainer.epoch,
                "examples_seen": self.trainer.examples_seen,
                "learning_rate": finite(self.trainer.learning_rate()),
                "status": self.status,
                "diverged_at": self.diverged_at,
            }
            for name, (loss, accuracy, _, _) in results.items():
                metrics[f"{name}_loss"] = loss
                metrics[f"{name}_accuracy"] = finite(accuracy)
            metrics["layers"] = layer_stats(self.net, hidden, self.trainer.clip_scale, self._dead)
            metrics["diagnoses"] = list(self._coach.current)
        self._metrics = metrics
        return metrics

    def _saturation(self, output: FloatArray | None) -> float | None:
        """Share of wrong training answers with a saturated output, for the quadratic cost with
        a sigmoid or softmax head; None otherwise (the coach's saturated_output check)."""
        if (
            output is None
            or self.config.network.loss != "mse"
            or not self.net.output.classification
        ):
            return None
        margin = self._coach.thresholds.saturation_margin
        return saturated_share(output, self._data.parts["train"].T, margin)

    def history(self) -> dict[str, list[Any]]:
        """The bounded history as column lists (one point per train() call)."""
        return self._history.to_dict()

    # ------------------------------------------------------------------------- changes

    def update(self, changes: Mapping[str, Any]) -> list[str]:
        """Apply a partial config; returns what was re-initialised: [] (weights kept),
        ["optimizer"] (optimizer type changed: its state reset), ["network"] or
        ["data", "network"]. A bad update raises ValueError and changes nothing."""
        new = self.config.merged(changes)
        changed = new.changed_sections(self.config)
        pool = self._data.pool
        if pool is not None and changed & {"network", "random_state"}:
            rundata.check_labels(new, *pool)
        old, self.config = self.config, new
        if changed & {"random_state", "data", "features"}:
            self._data = self._reload_data(old, new)
            self._build_network()
            return ["data", "network"]
        if "network" in changed:
            self._build_network()
            return ["network"]
        reset = self.trainer.configure(new.training) if "training" in changed else False
        if changed:
            self._clear_status()
        return ["optimizer"] if reset else []

    def _reload_data(self, old: RunConfig, new: RunConfig) -> rundata.RunData:
        """Data for `new`: a features change keeps the split; user points survive changes of
        seed and ratios (each keeps its own split); other data changes regenerate the dataset."""
        pool = self._data.pool
        if old.data == new.data and old.random_state == new.random_state:
            return rundata.prepare(new, self._data.split, self._data.n_classes, pool)
        source = ("dataset", "n_samples", "noise", "n_classes")
        same_source = all(getattr(old.data, k) == getattr(new.data, k) for k in source)
        if pool is None or not same_source:
            return rundata.fresh(new)
        _, _, k = rundata.check_labels(new, *pool)
        return rundata.prepare(new, self._data.split, k, pool)

    def reset(self, random_state: int | None = None) -> None:
        """New weights from the seed (a new `random_state` replaces the config's), history
        cleared, data kept."""
        if random_state is not None:
            self.config = self.config.merged({"random_state": random_state})
        self._build_network()

    def set_points(self, X: Any, y: Any, splits: Any = None) -> list[str]:
        """Replace the data by user points (validated). Each point goes to the split named in
        `splits` ("train", "val" or "test"; None: every point trains), never a random one.
        Returns ["data"] if the network was kept, ["data", "network"] if it had to be rebuilt."""
        return self._set_data(rundata.user_data(self.config, X, y, splits))

    # ------------------------------------------------------------------------- inspection

    def grid(self, resolution: int, neurons: bool = False) -> Grid:
        """Outputs (and hidden activations) over a resolution x resolution grid of [-6, 6]^2."""
        check_resolution(resolution)
        inputs = self.config.features.inputs
        return grid_pass(self.net, inputs, self._data.standardizer, resolution, neurons)

    def _inputs(self, X: Any) -> FloatArray:
        return self._data.features_of(as_points(X), self.config.features.inputs)

    def predict_proba(self, X: Any) -> FloatArray:
        """Output layer (n, c) for raw points X (n, 2): P(class 1) for binary, k class
        probabilities for multiclass / multilabel, the predicted value for regression."""
        with np.errstate(all="ignore"):
            return self.net.predict_output(self._inputs(X))

    def predict(self, X: Any) -> NDArray[Any]:
        """Predicted class labels (int) or regression values (float) for raw points X (n, 2)."""
        return self.net.output.predict(self.predict_proba(X))

    def trace(self, x1: float, x2: float, label: float | None = None) -> dict[str, Any]:
        """Forward and backward pass for one point (see `engine.inspect.trace`); without a
        label, delta, dW, db and loss are None."""
        point = [check_number(name, v, -math.inf, math.inf) for name, v in (("x1", x1), ("x2", x2))]
        features = self._inputs([point])[0]
        target = None
        if label is not None:
            target = self.net.output.target_of(label, self._data.n_classes)
        with np.errstate(all="ignore"):
            result = trace_network(self.net, features, target)
        result["label"] = label
        return result

    def points(self) -> dict[str, dict[str, list[Any]]]:
        """The split data: {"train": {"X", "y"}, "val": ..., "test": ...} as lists."""
        return self._data.split.to_dict()

    def weights(self) -> list[dict[str, Any]]:
        """Per layer {"W": (n_l, n_{l-1}) nested list, "b": list}."""
        return [
            {"W": self.net.weight(i).tolist(), "b": self.net.bias(i).tolist()}
            for i in range(self.net.n_layers)
        ]

    def set_weight(self, layer: int, row: int, col: int | None, value: float) -> None:
        """Set W^[layer+1][row, col], or the bias b^[layer+1][row] when col is None."""
        W = self.net.weight(check_int("layer", layer, 0, self.net.n_layers - 1))
        row = check_int("row", row, 0, W.shape[0] - 1)
        if col is not None:
            col = check_int("col (None for the bias)", col, 0, W.shape[1] - 1)
        value = check_number("value", value, -math.inf, math.inf)
        if col is None:
            self.net.bias(layer)[row] = value
        else:
            W[row, col] = value
        self.trainer.forget_undo()
        self._metrics = None

    # ------------------------------------------------------------------------- saving

    def to_dict(self) -> dict[str, Any]:
        """The whole run as plain JSON (see `engine.serialize`)."""
        return run_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Run:
        """A run restored from `to_dict`; training continues bit-identically. Every saved field
        is checked: ValueError("saved run: <field> ...") names the first bad one."""
        return run_from_dict(cls, data)
