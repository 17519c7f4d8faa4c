"""A whole run as plain JSON and back: config, data, weights, optimiser and generator state.

Floats are written with float() / tolist(), which JSON round-trips exactly, so a loaded run
continues training bit for bit as if it had never been saved.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from engine import data as rundata
from engine.config import RunConfig
from engine.inspect import GridPass
from engine.losses import get_output
from engine.metrics import History
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


def _array(values: Any, shape: tuple[int, ...] | None = None) -> FloatArray:
    """A float64 array from a list where None stands for NaN."""
    array = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
    return array if shape is None else array.reshape(shape)


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


def _load_pair(values: Mapping[str, Any], labels: type) -> tuple[FloatArray, NDArray[Any]]:
    X = np.asarray(values["X"], dtype=np.float64).reshape(-1, 2)
    y: NDArray[Any] = np.asarray(values["y"], dtype=labels)
    if len(X) != len(y) or not np.all(np.isfinite(X)):
        raise ValueError("saved points must be finite with one label per point")
    return X, y


def _load_data(config: RunConfig, values: Mapping[str, Any]) -> rundata.RunData:
    labels = np.int64 if get_output(config.network.output).classification else np.float64
    parts = [_load_pair(values[name], labels) for name in ("train", "val", "test")]
    pool = None if values.get("pool") is None else _load_pair(values["pool"], labels)
    if len(parts[0][0]) == 0:
        raise ValueError("saved training split is empty")
    k = int(values["n_classes"])
    for _, y in parts:
        if labels is np.int64 and len(y) and not (y.min() >= 0 and y.max() < k):
            raise ValueError(f"saved labels must be classes 0..{k - 1}")
    return rundata.prepare(config, Split(*parts), k, pool)


def run_from_dict(cls: type[R], values: Mapping[str, Any]) -> R:
    """Rebuild a run saved by `run_to_dict`; ValueError when the data does not fit."""
    if not isinstance(values, Mapping) or values.get("format") != FORMAT:
        raise ValueError(f"not a saved run: expected format {FORMAT!r}")
    if values.get("version") != VERSION:
        raise ValueError(f"unsupported saved-run version {values.get('version')!r}")
    try:
        return _restore(cls, values)
    except (KeyError, TypeError, IndexError) as error:
        raise ValueError(f"saved run is incomplete or malformed: {error!r}") from None


def _restore(cls: type[R], values: Mapping[str, Any]) -> R:
    config = RunConfig.from_dict(values["config"])
    run = cls.__new__(cls)
    run.config = config
    run._grid = GridPass()
    run._data = _load_data(config, values["data"])
    run._build_network()
    params = np.asarray(values["params"], dtype=np.float64)
    if params.shape != run.net.params.shape or not np.all(np.isfinite(params)):
        raise ValueError(f"saved params must be {run.net.params.size} finite numbers")
    run.net.params[...] = params
    run.trainer.load_state(dict(values["trainer"]))
    run.net.grad[...] = _array(values["grad"], run.net.grad.shape)
    run.rng.bit_generator.state = dict(values["rng"])
    run._history = History.from_dict(dict(values["history"]))
    _restore_status(run, values)
    return run


def _restore_status(run: Run, values: Mapping[str, Any]) -> None:
    """Status, divergence step and the early-stopping bookkeeping of a saved run."""
    status = values["status"]
    if status not in ("idle", "diverged", "stopped_early"):
        raise ValueError(
            f"saved status must be one of: idle, diverged, stopped_early; got {status!r}"
        )
    run.status = status
    run.diverged_at = values["diverged_at"]
    early = values["early_stopping"]
    run._best_loss = math.inf if early["best_loss"] is None else float(early["best_loss"])
    best = early["best_params"]
    run._best_params = None if best is None else _array(best, run.net.params.shape)
    run._wait = int(early["wait"])
    run._metrics = None
