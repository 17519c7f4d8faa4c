"""A whole run as plain JSON and back: config, data, weights, optimiser and generator state.

Floats are written with float() / tolist(), which JSON round-trips exactly, so a loaded run
continues training bit for bit as if it had never been saved.

Loading is where outside data enters the engine, so `run_from_dict` checks every field it reads
(types, ranges, finiteness, shapes against the saved config, counters against each other, the
generator state against NumPy) and raises ValueError("saved run: <field> ...") for the first
bad one; a run that loads answers every read and trains on without surprises.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from engine import data as rundata
from engine.checks import (
    check_array,
    check_choice,
    check_count,
    check_key,
    check_mapping,
    fail,
)
from engine.config import RunConfig
from engine.data import SPLITS
from engine.datasets import BOX, n_classes_of
from engine.losses import get_output
from engine.metrics import HISTORY_KEYS, MAX_HISTORY, History
from engine.recovery import LastGood
from engine.split import Split

if TYPE_CHECKING:
    from engine.run import Run

__all__ = ["FORMAT", "run_from_dict", "run_to_dict"]

FORMAT = "nn-playground-run"
VERSION = 1
R = TypeVar("R", bound="Run")
FloatArray = NDArray[np.float64]


def _floats(values: FloatArray) -> list[float | None]:
    """A flat list with None for NaN / infinity (which JSON cannot hold)."""
    return [float(v) if math.isfinite(v) else None for v in values.tolist()]


def _pair(X: NDArray[Any], y: NDArray[Any]) -> dict[str, list[Any]]:
    return {"X": X.reshape(-1, 2).tolist(), "y": y.tolist()}


def run_to_dict(run: Run) -> dict[str, Any]:
    """Everything needed to rebuild `run` exactly."""
    data = run._data
    split = data.split
    return {
        "format": FORMAT,
        "version": VERSION,
        "config": run.config.to_dict(),
        "data": {
            "n_classes": data.n_classes,
            "pool": None if data.pool is None else _pair(*data.pool),
            "train": _pair(*split.train),
            "val": _pair(*split.val),
            "test": _pair(*split.test),
        },
        "params": run.net.params.tolist(),
        "trainer": run.trainer.state_dict(),
        "grad": _floats(run.net.grad),
        "rng": run.rng.bit_generator.state,
        "history": run._history.to_dict(),
        "status": run.status,
        "diverged_at": run.diverged_at,
        "early_stopping": {
            "best_loss": None if math.isinf(run._best_loss) else run._best_loss,
            "best_params": None if run._best_params is None else run._best_params.tolist(),
            "wait": run._wait,
        },
    }


STATUSES = ("idle", "diverged", "stopped_early")
RNG_FIELDS = {"state": 2**128, "inc": 2**128}  # PCG64's 128-bit words


def _load_pair(where: str, values: object, classification: bool) -> tuple[FloatArray, NDArray[Any]]:
    """Points (n, 2) inside the data box and one label (class index or finite target) each."""
    values = check_mapping(where, values)
    X = check_array(f"{where}.X", check_key(where, values, "X"), (-1, 2))
    outside = np.flatnonzero(np.any(np.abs(X) > BOX, axis=1))
    if len(outside):
        raise ValueError(f"{where}.X[{outside[0]}] lies outside the box [{-BOX:g}, {BOX:g}]^2")
    y = check_array(f"{where}.y", check_key(where, values, "y"), (len(X),), integers=classification)
    return X, y


def _load_data(config: RunConfig, values: object) -> rundata.RunData:
    """The split (and user pool), checked against the config's output and data settings."""
    values = check_mapping("data", values)
    classification = get_output(config.network.output).classification
    parts = [
        _load_pair(f"data.{name}", check_key("data", values, name), classification)
        for name in SPLITS
    ]
    if len(parts[0][0]) == 0:
        raise ValueError("data.train must hold at least one point")
    total = sum(len(X) for X, _ in parts)
    k = check_count("data.n_classes", check_key("data", values, "n_classes"), 0, 64)
    pool = None
    saved_pool = check_key("data", values, "pool")
    if saved_pool is None:
        d = config.data
        expected = n_classes_of(d.dataset, d.n_classes) if classification else 0
        if k != expected:
            raise ValueError(f"data.n_classes must be {expected} for the configured data, got {k}")
        if total != d.n_samples:
            raise ValueError(
                f"data.train, data.val and data.test must hold data.n_samples = {d.n_samples} "
                f"points together, got {total}"
            )
    else:
        X, y = _load_pair("data.pool", saved_pool, classification)
        try:
            X, y, expected = rundata.check_labels(config, X, y)
        except ValueError as error:
            raise ValueError(f"data.pool: {error}") from None
        if k != expected:
            raise ValueError(f"data.n_classes must be {expected} for the saved pool, got {k}")
        if total != len(X):
            raise ValueError(
                f"data.train, data.val and data.test must hold the pool's {len(X)} points "
                f"together, got {total}"
            )
        pool = X, y
    if classification:
        for name, (_, y) in zip(SPLITS, parts, strict=True):
            bad = np.flatnonzero((y < 0) | (y >= k))
            if len(bad):
                raise ValueError(
                    f"data.{name}.y[{bad[0]}] must be a class in 0..{k - 1}, got {y[bad[0]]}"
                )
    return rundata.prepare(config, Split(*parts), k, pool)


def run_from_dict(cls: type[R], values: Mapping[str, Any]) -> R:
    """Rebuild a run saved by `run_to_dict`. Every field is checked (type, range, finiteness,
    shape against the config); a bad one raises ValueError("saved run: <field> ...")."""
    if not isinstance(values, Mapping) or values.get("format") != FORMAT:
        raise ValueError(f"not a saved run: expected format {FORMAT!r}")
    version = values.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        raise ValueError(f"unsupported saved-run version {version!r}: expected {VERSION}")
    try:
        return _restore(cls, values)
    except ValueError as error:
        raise ValueError(f"saved run: {error}") from None
    except (KeyError, TypeError, IndexError, AttributeError, ArithmeticError) as error:
        # A safety net: the checks above should leave nothing for it.
        raise ValueError(f"saved run is malformed: {type(error).__name__}: {error}") from None


def _restore(cls: type[R], values: Mapping[str, Any]) -> R:
    def get(key: str) -> Any:
        return check_key("", values, key)

    saved_config = check_mapping("config", get("config"))
    try:
        config = RunConfig.from_dict(saved_config)
    except ValueError as error:
        raise ValueError(f"config: {error}") from None
    _check_complete(saved_config, config.to_dict())
    run = cls.__new__(cls)
    run.config = config
    run._data = _load_data(config, get("data"))
    run._build_network()
    shape = run.net.params.shape
    run.net.params[...] = check_array("params", get("params"), shape)
    run.trainer.load_state(get("trainer"))
    run.net.grad[...] = check_array("grad", get("grad"), run.net.grad.shape, none_as_nan=True)
    _restore_rng(run.rng, get("rng"))
    run._history = _load_history(get("history"), run.trainer.step, run.net.n_layers)
    _restore_status(run, values)
    run._coach.restart(run.trainer.step)
    run._bound_weights()
    run._last_good = LastGood()  # the loaded weights are the healthy state, if it can train
    if run.status == "idle":
        run._last_good.save(run.trainer, float(run.config.training.learning_rate))
    return run


def _check_complete(saved: Mapping[str, Any], resolved: Mapping[str, Any]) -> None:
    """Every field of the resolved config must have been saved: a default filled in for a
    missing one would not continue the saved run."""
    for key, value in resolved.items():
        if key not in saved:
            raise ValueError(f"config.{key} is missing")
        if isinstance(value, Mapping):
            for name in value:
                if name not in saved[key]:
                    raise ValueError(f"config.{key}.{name} is missing")


def _restore_rng(rng: np.random.Generator, values: object) -> None:
    """The run generator's state, checked field by field, then by NumPy itself."""
    values = check_mapping("rng", values)
    name = type(rng.bit_generator).__name__
    if check_key("rng", values, "bit_generator") != name:
        raise ValueError(f"rng.bit_generator must be {name!r}, got {values['bit_generator']!r}")
    words = check_mapping("rng.state", check_key("rng", values, "state"))
    for key, limit in RNG_FIELDS.items():
        check_count(f"rng.state.{key}", check_key("rng.state", words, key), 0, limit - 1)
    check_count("rng.has_uint32", check_key("rng", values, "has_uint32"), 0, 1)
    check_count("rng.uinteger", check_key("rng", values, "uinteger"), 0, 2**32 - 1)
    state = {
        "bit_generator": name,
        "state": {key: words[key] for key in RNG_FIELDS},
        "has_uint32": values["has_uint32"],
        "uinteger": values["uinteger"],
    }
    try:
        rng.bit_generator.state = state
    except (TypeError, ValueError, OverflowError) as error:
        raise ValueError(f"rng is not a state NumPy accepts: {error}") from None


def _optional_numbers(where: str, column: object, low: float, high: float) -> list[Any]:
    """A list of null or finite numbers in [low, high]."""
    if not isinstance(column, list):
        raise ValueError(f"{where} must be a list, got {type(column).__name__}")
    bounded = math.isfinite(low) or math.isfinite(high)
    expected = f"null or a number in [{low:g}, {high:g}]" if bounded else "null or a finite number"
    for i, v in enumerate(column):
        if v is not None and not _is_number(v, low, high):
            raise fail(f"{where}[{i}]", expected, v)
    return list(column)


def _is_number(value: object, low: float, high: float) -> bool:
    """A finite int or float (not a bool) in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and low <= value <= high


def _load_history(values: object, step: int, n_layers: int) -> History:
    """History columns of one length (at most MAX_HISTORY), steps increasing within 0..step."""
    values = check_mapping("history", values)
    columns: dict[str, list[Any]] = {}
    for key in HISTORY_KEYS:
        where = f"history.{key}"
        column = check_key("history", values, key)
        if key == "step":
            if not isinstance(column, list):
                raise ValueError(f"{where} must be a list, got {type(column).__name__}")
            low = 0  # strictly increasing: one point per step count
            for i, v in enumerate(column):
                low = check_count(f"{where}[{i}]", v, low, step) + 1
            columns[key] = list(column)
        elif key == "grad_norms":
            if not isinstance(column, list):
                raise ValueError(f"{where} must be a list, got {type(column).__name__}")
            for i, row in enumerate(column):
                if not isinstance(row, list) or len(row) != n_layers:
                    raise ValueError(f"{where}[{i}] must be a list of {n_layers} norms")
                _optional_numbers(f"{where}[{i}]", row, 0.0, math.inf)
            columns[key] = [list(row) for row in column]
        elif key.endswith("_accuracy"):
            columns[key] = _optional_numbers(where, column, 0.0, 1.0)
        else:
            columns[key] = _optional_numbers(where, column, -math.inf, math.inf)
    lengths = {len(column) for column in columns.values()}
    if len(lengths) != 1 or lengths.pop() > MAX_HISTORY:
        raise ValueError(
            f"history columns {', '.join(HISTORY_KEYS)} must have one length, at most {MAX_HISTORY}"
        )
    return History.from_dict(columns)


def _restore_status(run: Run, values: Mapping[str, Any]) -> None:
    """Status, divergence step and the early-stopping bookkeeping of a saved run."""
    status = check_choice("status", check_key("", values, "status"), dict.fromkeys(STATUSES))
    diverged_at = check_key("", values, "diverged_at")
    if diverged_at is not None:
        diverged_at = check_count("diverged_at", diverged_at, 0, run.trainer.step)
    if (status == "diverged") != (diverged_at is not None):
        raise ValueError(
            f"diverged_at must be the step of divergence when status is 'diverged' and null "
            f"otherwise, got {diverged_at!r} with status {status!r}"
        )
    early = check_mapping("early_stopping", check_key("", values, "early_stopping"))
    best_loss = check_key("early_stopping", early, "best_loss")
    if best_loss is not None and not _is_number(best_loss, -math.inf, math.inf):
        raise fail("early_stopping.best_loss", "null or a finite number", best_loss)
    best = check_key("early_stopping", early, "best_params")
    if best is not None:
        best = check_array("early_stopping.best_params", best, run.net.params.shape)
    if (best_loss is None) != (best is None):
        raise ValueError(
            "early_stopping.best_loss and early_stopping.best_params must both be "
            "null or both be set"
        )
    patience = run.config.training.patience
    wait = check_count(
        "early_stopping.wait", check_key("early_stopping", early, "wait"), 0, patience
    )
    run.status = status
    run.diverged_at = diverged_at
    run._best_loss = math.inf if best_loss is None else best_loss
    run._best_params = best
    run._wait = wait
    run._metrics = None
