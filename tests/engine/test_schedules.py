"""Learning-rate schedules follow their stated formulas."""

from __future__ import annotations

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
    "step": lambda s: 0.5 * 0.1 ** (s // 100),
    "exponential": lambda s: 0.5 * 0.1 ** (s / 100),
    "inverse_scaling": lambda s: 0.5 / (1 + s / 100) ** 0.5,
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


def test_unknown_schedule_raises_listing_choices() -> None:
    with pytest.raises(ValueError, match="constant, step, exponential, inverse_scaling, cosine"):
        get_schedule("cyclic")
