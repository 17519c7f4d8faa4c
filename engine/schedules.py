"""Learning-rate schedules: the rate eta(step) used for the update after `step` earlier updates.

eta_0 is the configured learning_rate; decay_rate, decay_steps, power_t and min_learning_rate
come from the training settings. Every decaying schedule falls from eta_0 towards the floor
min_learning_rate and never below it; a floor above eta_0 is refused by the config check
(`check_floor`), since the rate would then have to rise.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

__all__ = ["SCHEDULES", "Schedule", "ScheduleSettings", "check_floor", "get_schedule"]


class ScheduleSettings(Protocol):
    """The training settings a schedule reads."""

    learning_rate: float
    decay_rate: float
    decay_steps: int
    power_t: float
    min_learning_rate: float


RateFn = Callable[[ScheduleSettings, int], float]


@dataclass(frozen=True)
class Schedule:
    """One entry of `SCHEDULES`: eta(step) and its formula; `decays` says whether it falls
    from learning_rate towards min_learning_rate (the floor applies) or stays put."""

    name: str
    formula: str
    rate: RateFn
    decays: bool = True


def _constant(s: ScheduleSettings, step: int) -> float:
    return s.learning_rate


def _step(s: ScheduleSettings, step: int) -> float:
    return max(
        s.min_learning_rate, float(s.learning_rate * s.decay_rate ** (step // s.decay_steps))
    )


def _exponential(s: ScheduleSettings, step: int) -> float:
    return max(s.min_learning_rate, float(s.learning_rate * s.decay_rate ** (step / s.decay_steps)))


def _inverse_scaling(s: ScheduleSettings, step: int) -> float:
    decayed = s.learning_rate / (1.0 + step / s.decay_steps) ** s.power_t
    return max(s.min_learning_rate, float(decayed))


def _cosine(s: ScheduleSettings, step: int) -> float:
    progress = min(step, s.decay_steps) / s.decay_steps
    low = s.min_learning_rate
    return low + (s.learning_rate - low) * 0.5 * (1.0 + math.cos(math.pi * progress))


SCHEDULES: dict[str, Schedule] = {
    sched.name: sched
    for sched in (
        Schedule("constant", "eta = eta_0", _constant, decays=False),
        Schedule("step", "eta = max(min_lr, eta_0 * decay_rate^floor(step / decay_steps))", _step),
        Schedule(
            "exponential",
            "eta = max(min_lr, eta_0 * decay_rate^(step / decay_steps))",
            _exponential,
        ),
        Schedule(
            "inverse_scaling",
            "eta = max(min_lr, eta_0 / (1 + step / decay_steps)^power_t)",
            _inverse_scaling,
        ),
        Schedule(
            "cosine",
            "eta = min_lr + (eta_0 - min_lr) (1 + cos(pi min(step, T) / T)) / 2, T = decay_steps",
            _cosine,
        ),
    )
}
"""Every learning-rate schedule by name."""


def check_floor(s: ScheduleSettings, schedule: str) -> None:
    """ValueError naming both fields if `schedule` decays and min_learning_rate (its floor) is
    above learning_rate: the rate would have to rise to reach it."""
    if get_schedule(schedule).decays and s.min_learning_rate > s.learning_rate:
        raise ValueError(
            f"training.min_learning_rate ({s.min_learning_rate:g}) must not exceed "
            f"training.learning_rate ({s.learning_rate:g}) with the {schedule!r} schedule, "
            "which decays from learning_rate down to min_learning_rate; lower "
            "min_learning_rate or raise learning_rate"
        )


def get_schedule(name: str) -> Schedule:
    """The schedule called `name`, or ValueError listing the choices."""
    if name not in SCHEDULES:
        raise ValueError(f"unknown schedule {name!r}; choose one of: {', '.join(SCHEDULES)}")
    return SCHEDULES[name]
