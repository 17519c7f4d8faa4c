"""A sweep's description: a base run config, the cells to try (a grid or a seeded random search),
seeds per cell and a training budget, checked and expanded into one task per run.

Every task carries a complete config (its seed in `random_state`), so a run is fully determined by
its task and gives the same numbers in any process or on any machine.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from engine.checks import check_int, fail
from engine.config import SECTIONS, RunConfig
from engine.inspect import MAX_RESOLUTION
from engine.run import MAX_STEPS_PER_CALL
from engine.sweeps.points import SweepPoints, parse_points

__all__ = [
    "MAX_EXAMPLES_PER_SWEEP",
    "MAX_RUNS_PER_SWEEP",
    "METRICS",
    "Halving",
    "RunTask",
    "SweepSpec",
    "SweepTooLarge",
    "parse_sweep",
]

MAX_RUNS_PER_SWEEP = 1000
MAX_EXAMPLES_PER_SWEEP = 200_000_000
MAX_SEEDS = 100
MAX_EPOCHS = 10_000
MAX_CURVE_POINTS = 200
METRICS = (
    "val_loss",
    "test_loss",
    "train_loss",
    "val_accuracy",
    "test_accuracy",
    "train_accuracy",
)
"""What a sweep can rank its cells by (losses: lower is better; accuracies: higher)."""
SPACE_KINDS = ("log_uniform", "uniform", "choice")


class SweepTooLarge(ValueError):
    """The sweep has more runs, or would train on more examples, than one sweep may."""


@dataclass(frozen=True)
class RunTask:
    """One run of a sweep: which cell and seed, the full config, and how long to train.

    `checkpoints` are cumulative counts of `unit` ("epochs" or "steps") at which the curve
    records a point; the last one is the budget. Successive halving trains a run in legs:
    `until` stops this leg at that count, and `resume` (a `RunResult.resume` of the leg before)
    continues from where it stopped.
    """

    index: int
    cell: int
    seed: int
    config: dict[str, Any]
    unit: str
    checkpoints: tuple[int, ...]
    thumbnail: int
    until: int | None = None
    resume: dict[str, Any] | None = None
    points: SweepPoints | None = None
    """The sweep's own points, which the run trains on instead of the generated data."""


@dataclass(frozen=True)
class Halving:
    """Every `every` units of the budget, the cells outside the best `keep` share are cut."""

    every: int
    keep: float


@dataclass(frozen=True)
class SweepSpec:
    """A checked sweep: the cells' parameters (dotted path -> value), the seeds and the tasks."""

    base: dict[str, Any]
    cells: list[dict[str, Any]]
    seeds: list[int]
    unit: str
    budget: int
    metric: str
    tasks: list[RunTask]
    examples: int = 0
    """Training examples the whole sweep goes through (estimated as in the limit)."""
    halving: Halving | None = None
    points: SweepPoints | None = None
    """The person's own points every run trains on (None: each run's generated dataset)."""

    @property
    def total(self) -> int:
        """Runs in the sweep."""
        return len(self.tasks)


# ----------------------------------------------------------------------------- paths and values


def check_path(where: str, path: object) -> tuple[str, str]:
    """A dotted config path "section.field" split in two, or ValueError naming `where`."""
    if not isinstance(path, str) or path.count(".") != 1:
        raise fail(where, 'a dotted config path such as "training.learning_rate"', path)
    section, name = path.split(".")
    if section not in SECTIONS:
        raise ValueError(
            f"{where}: unknown section {section!r}; choose from: {', '.join(SECTIONS)}"
        )
    known = [f.name for f in fields(SECTIONS[section])]
    if name not in known:
        raise ValueError(f"{where}: unknown field {path!r}; {section} has: {', '.join(known)}")
    return section, name


def changes_of(params: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """{"training.alpha": 0.1} -> {"training": {"alpha": 0.1}}."""
    nested: dict[str, dict[str, Any]] = {}
    for path, value in params.items():
        section, name = path.split(".")
        nested.setdefault(section, {})[name] = value
    return nested


def _grid_cells(grid: object) -> list[dict[str, Any]]:
    """Every combination of the listed values, the first path varying slowest."""
    if not isinstance(grid, Mapping) or not grid:
        raise fail(
            "grid",
            'an object of dotted path -> list of values, e.g. {"training.alpha": [0, 0.01]}',
            grid,
        )
    axes = []
    for path, values in grid.items():
        check_path(f"grid[{path!r}]", path)
        if isinstance(values, str) or not isinstance(values, Sequence) or not values:
            raise fail(f"grid[{path!r}]", "a non-empty list of values", values)
        if len(values) > MAX_RUNS_PER_SWEEP:
            raise fail(f"grid[{path!r}]", f"at most {MAX_RUNS_PER_SWEEP} values", len(values))
        axes.append([(path, value) for value in values])
    count = math.prod(len(axis) for axis in axes)
    if count > MAX_RUNS_PER_SWEEP:
        raise SweepTooLarge(f"grid has {count} cells; at most {MAX_RUNS_PER_SWEEP} runs per sweep")
    return [dict(combo) for combo in itertools.product(*axes)]


def _draw(where: str, rule: object, rng: np.random.Generator) -> Any:
    """One value from a search-space rule: {"log_uniform": [a, b]}, {"uniform": [a, b]} or
    {"choice": [...]}."""
    if not isinstance(rule, Mapping) or len(rule) != 1 or next(iter(rule)) not in SPACE_KINDS:
        raise fail(where, f"one of {{{', '.join(f'{k!r}: ...' for k in SPACE_KINDS)}}}", rule)
    kind, args = next(iter(rule.items()))
    if kind == "choice":
        if isinstance(args, str) or not isinstance(args, Sequence) or not args:
            raise fail(f"{where}.choice", "a non-empty list of values", args)
        return args[int(rng.integers(len(args)))]
    ok = isinstance(args, Sequence) and len(args) == 2
    ok = ok and all(isinstance(v, int | float) and not isinstance(v, bool) for v in args)
    low, high = (float(args[0]), float(args[1])) if ok else (0.0, 0.0)
    if not ok or not math.isfinite(low) or not math.isfinite(high) or not low < high:
        raise fail(f"{where}.{kind}", "two finite numbers [low, high] with low < high", args)
    if kind == "log_uniform":
        if low <= 0.0:
            raise fail(f"{where}.log_uniform", "bounds above 0", args)
        return float(math.exp(rng.uniform(math.log(low), math.log(high))))
    return float(rng.uniform(low, high))


def _random_cells(search: object) -> list[dict[str, Any]]:
    """`n` cells drawn from `space` with the generator default_rng(seed) (seed 0 unless given)."""
    if not isinstance(search, Mapping) or set(search) - {"n", "space", "seed"}:
        raise fail("random", 'an object {"n", "space", "seed"?}', search)
    n = check_int("random.n", search.get("n"), 1, MAX_RUNS_PER_SWEEP)
    seed = check_int("random.seed", search.get("seed", 0), 0, 2**32 - 1)
    space = search.get("space")
    if not isinstance(space, Mapping) or not space:
        raise fail("random.space", "an object of dotted path -> rule", space)
    for path in space:
        check_path(f"random.space[{path!r}]", path)
    rng = np.random.default_rng(seed)
    return [
        {path: _draw(f"random.space[{path!r}]", rule, rng) for path, rule in space.items()}
        for _ in range(n)
    ]


def _seeds(value: object, base_seed: int) -> list[int]:
    """A count (seeds base, base + 1, ...) or an explicit list of distinct seeds."""
    if isinstance(value, int) and not isinstance(value, bool):
        count = check_int("seeds", value, 1, MAX_SEEDS)
        return [(base_seed + i) % 2**32 for i in range(count)]
    if (
        isinstance(value, str)
        or not isinstance(value, Sequence)
        or not 1 <= len(value) <= MAX_SEEDS
    ):
        raise fail(
            "seeds", f"a count in [1, {MAX_SEEDS}] or a list of 1 to {MAX_SEEDS} seeds", value
        )
    seeds = [check_int("seeds[]", s, 0, 2**32 - 1) for s in value]
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds lists a seed twice: {seeds!r}")
    return seeds


def _budget(value: object) -> tuple[str, int]:
    """{"epochs": n} or {"steps": n}."""
    if (
        not isinstance(value, Mapping)
        or len(value) != 1
        or next(iter(value)) not in ("epochs", "steps")
    ):
        raise fail("budget", '{"epochs": n} or {"steps": n}', value)
    unit, amount = next(iter(value.items()))
    high = MAX_EPOCHS if unit == "epochs" else MAX_STEPS_PER_CALL
    return unit, check_int(f"budget.{unit}", amount, 1, high)


def checkpoints(budget: int, points: int) -> tuple[int, ...]:
    """Up to `points` evenly spaced cumulative counts ending at `budget`."""
    return tuple(sorted({max(1, round(budget * k / points)) for k in range(1, points + 1)}))


# ----------------------------------------------------------------------------- the whole sweep

SWEEP_FIELDS = (
    "base",
    "grid",
    "random",
    "seeds",
    "budget",
    "metric",
    "curve_points",
    "thumbnail",
    "halving",
    "points",
)


def _cell_configs(base: RunConfig, cells: list[dict[str, Any]], origin: str) -> list[RunConfig]:
    """Each cell's config; a bad value raises ValueError naming the cell's path and field."""
    configs = []
    for params in cells:
        try:
            configs.append(base.merged(changes_of(params)))
        except ValueError as error:
            shown = ", ".join(f"{path}={value!r}" for path, value in params.items())
            raise ValueError(f"{origin} cell ({shown}): {error}") from None
    return configs


def _halving(value: object, budget: int) -> Halving | None:
    """{"every": k, "keep": share}: k in [1, budget], share strictly between 0 and 1."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) != {"every", "keep"}:
        raise fail("halving", '{"every": k, "keep": share}', value)
    every = check_int("halving.every", value["every"], 1, budget)
    keep = value["keep"]
    ok = isinstance(keep, int | float) and not isinstance(keep, bool)
    if not ok or not 0.0 < float(keep) < 1.0:
        raise fail("halving.keep", "a share strictly between 0 and 1", keep)
    return Halving(every, float(keep))


def _examples(config: RunConfig, unit: str, budget: int, points: SweepPoints | None) -> int:
    """Training examples one run of `config` goes through (its training split estimated, or
    the training points of the sweep's own points)."""
    n_train = max(1, math.ceil(config.data.n_samples * config.data.train_ratio))
    if points is not None:
        n_train = points.n_train
    if unit == "epochs":
        return budget * n_train
    return budget * min(config.training.batch_size, n_train)


def _default_metric(configs: list[RunConfig], points: SweepPoints | None) -> str:
    """Validation loss when every run has a validation split, else test loss, else train loss
    (with the sweep's own points: the splits its points name)."""
    if points is not None:
        return next((f"{s}_loss" for s in ("val", "test") if points.has(s)), "train_loss")
    if all(c.data.val_ratio > 0.0 for c in configs):
        return "val_loss"
    if all(c.data.train_ratio + c.data.val_ratio < 1.0 - 1e-9 for c in configs):
        return "test_loss"
    return "train_loss"


def parse_sweep(body: Mapping[str, Any]) -> SweepSpec:
    """A checked `SweepSpec` from plain JSON; ValueError naming the first bad field.

    Fields: base (a run config, partial), grid ({path: [values]}) or random ({"n", "space",
    "seed"}), seeds (count or list, default 1), budget ({"epochs"} or {"steps"}, default 100
    epochs), metric (default val_loss, or test_loss without a validation split), curve_points
    (default 20), thumbnail (the boundary grid's resolution, default 24), halving
    ({"every": k, "keep": share}: successive halving, see `engine.sweeps.halving`) and points
    (`[x1, x2, label(, split)]` rows every run trains on, see `engine.sweeps.points`).
    """
    if not isinstance(body, Mapping):
        raise fail("sweep", "an object", body)
    unknown = sorted(set(body) - set(SWEEP_FIELDS))
    if unknown:
        raise ValueError(f"unknown field {unknown[0]}; valid fields: {', '.join(SWEEP_FIELDS)}")
    if "grid" in body and "random" in body:
        raise ValueError("give grid or random, not both")
    base = RunConfig.from_dict(body.get("base", {}))
    cells: list[dict[str, Any]] = [{}]
    origin = "base"
    if "grid" in body:
        cells, origin = _grid_cells(body["grid"]), "grid"
    elif "random" in body:
        cells, origin = _random_cells(body["random"]), "random"
    configs = _cell_configs(base, cells, origin)
    points = None if body.get("points") is None else parse_points(body["points"], configs)
    seeds = _seeds(body.get("seeds", 1), base.random_state)
    unit, budget = _budget(body.get("budget", {"epochs": 100}))
    total = len(cells) * len(seeds)
    if total > MAX_RUNS_PER_SWEEP:
        raise SweepTooLarge(
            f"the sweep has {len(cells)} cells x {len(seeds)} seeds = {total} runs; "
            f"at most {MAX_RUNS_PER_SWEEP} runs per sweep"
        )
    examples = len(seeds) * sum(_examples(c, unit, budget, points) for c in configs)
    if examples > MAX_EXAMPLES_PER_SWEEP:
        raise SweepTooLarge(
            f"the sweep would train on {examples:,} examples; at most {MAX_EXAMPLES_PER_SWEEP:,} "
            "per sweep (fewer cells, seeds, epochs or points)"
        )
    metric = body.get("metric", _default_metric(configs, points))
    if metric not in METRICS:
        raise ValueError(f"metric must be one of: {', '.join(METRICS)}; got {metric!r}")
    curve_points = check_int("curve_points", body.get("curve_points", 20), 1, MAX_CURVE_POINTS)
    resolution = check_int("thumbnail", body.get("thumbnail", 24), 2, MAX_RESOLUTION)
    halving = _halving(body.get("halving"), budget)
    marks = checkpoints(budget, curve_points)
    tasks = [
        RunTask(
            index=cell * len(seeds) + k,
            cell=cell,
            seed=seed,
            config={**config.to_dict(), "random_state": seed},
            unit=unit,
            checkpoints=marks,
            thumbnail=resolution,
            points=points,
        )
        for cell, config in enumerate(configs)
        for k, seed in enumerate(seeds)
    ]
    return SweepSpec(
        base.to_dict(), cells, seeds, unit, budget, metric, tasks, examples, halving, points
    )
