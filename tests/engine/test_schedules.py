"""Learning-rate schedules follow their stated formulas."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import pytest

from engine.schedules import SCHEDULES, get_schedule


@dataclass
class Settings:
    learning_rate: float = 0.5
    decay_rate: float = 0.1
    decay_steps: int = 100
    power_t: float = 0.5
    min_learning_rate: float = 0.01


STEPS = [0, 1, 50, 99, 100, 150, 250, 1000]
FORMULAS = {
    "constant": lambda s: 0.5,
    "step": lambda s: max(0.01, 0.5 * 0.1 ** (s // 100)),
    "exponential": lambda s: max(0.01, 0.5 * 0.1 ** (s / 100)),
    "inverse_scaling": lambda s: max(0.01, 0.5 / (1 + s / 100) ** 0.5),
    "cosine": lambda s: 0.01 + 0.49 * 0.5 * (1 + math.cos(math.pi * min(s, 100) / 100)),
}


def test_every_schedule_has_a_formula_here() -> None:
    assert set(FORMULAS) == set(SCHEDULES)


@pytest.mark.parametrize("name", SCHEDULES)
@pytest.mark.parametrize("step", STEPS)
def test_rate_follows_formula(name: str, step: int) -> None:
    assert get_schedule(name).rate(Settings(), step) == pytest.approx(FORMULAS[name](step))


def test_step_schedule_halves_at_each_boundary() -> None:
    rate = get_schedule("step").rate
    s = Settings(decay_rate=0.5)
    assert [rate(s, k) for k in (0, 99, 100, 199, 200)] == [0.5, 0.5, 0.25, 0.25, 0.125]


def test_cosine_ends_at_the_minimum_and_stays() -> None:
    rate = get_schedule("cosine").rate
    assert rate(Settings(), 100) == pytest.approx(0.01)
    assert rate(Settings(), 5000) == pytest.approx(0.01)


DECAYING = [name for name, schedule in SCHEDULES.items() if schedule.decays]
FLOORS = [0.0, 1e-4, 0.05, 0.2, 0.5]
"""min_learning_rate values from none to learning_rate itself (Settings has eta_0 = 0.5)."""
LONG_RUN = [*range(0, 1000, 7), 10**4, 10**6, 10**9]


def test_only_the_constant_schedule_has_no_floor() -> None:
    assert [name for name in SCHEDULES if name not in DECAYING] == ["constant"]


@pytest.mark.parametrize("floor", FLOORS)
@pytest.mark.parametrize("name", SCHEDULES)
def test_rate_stays_between_the_floor_and_the_learning_rate(name: str, floor: float) -> None:
    rate, s = get_schedule(name).rate, Settings(min_learning_rate=floor, decay_rate=0.3)
    rates = [rate(s, step) for step in LONG_RUN]
    assert min(rates) >= (floor if name in DECAYING else s.learning_rate)
    assert max(rates) <= s.learning_rate


@pytest.mark.parametrize("floor", FLOORS)
@pytest.mark.parametrize("name", DECAYING)
def test_decaying_rate_never_rises_and_reaches_its_floor(name: str, floor: float) -> None:
    rate, s = get_schedule(name).rate, Settings(min_learning_rate=floor, decay_rate=0.3)
    rates = [rate(s, step) for step in LONG_RUN]
    assert all(later <= earlier for earlier, later in itertools.pairwise(rates))
    assert rates[0] == s.learning_rate
    assert rates[-1] == pytest.approx(floor, abs=1e-3 * s.learning_rate)


def test_step_schedule_stops_at_the_floor() -> None:
    rate = get_schedule("step").rate
    s = Settings(learning_rate=0.1, decay_rate=0.5, decay_steps=100, min_learning_rate=0.05)
    assert [rate(s, k) for k in (0, 99, 100, 200, 1000, 10**6)] == [
        0.1,
        0.1,
        0.05,
        0.05,
        0.05,
        0.05,
    ]


def test_unknown_schedule_raises_listing_choices() -> None:
    with pytest.raises(ValueError, match="constant, step, exponential, inverse_scaling, cosine"):
        get_schedule("cyclic")
