"""Shared helpers for the lesson tests: build a preset's run under another seed."""

from __future__ import annotations

import os

from engine import Run
from engine.lessons import get_preset

SEEDS = tuple(int(seed) for seed in os.environ.get("LESSON_SEEDS", "0,1,2").split(","))
"""Every lesson's effect must show for each of these seeds, not just the preset's own
(set LESSON_SEEDS=0,1,...,9 to sweep more)."""


def preset_run(lesson_id: str, name: str, seed: int) -> Run:
    """A fresh run of preset `name` of `lesson_id` with `random_state` replaced by `seed`."""
    config = get_preset(lesson_id, name)["config"]
    config["random_state"] = seed
    return Run(config)


def suggested_steps(lesson_id: str, name: str) -> int:
    """How many steps the lesson tells the learner to train this preset."""
    return get_preset(lesson_id, name)["steps"]
