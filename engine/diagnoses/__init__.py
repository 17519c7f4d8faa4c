"""The training coach: what is going wrong in a run, why, and the config change that fixes it.

Each check reads only what the run already has after a train() call (the history of losses and
accuracies, the dead-ReLU fractions and one saturation figure from the evaluation pass, the last
step's bias gradients, i.e. the error signals, and the size of its update, the weights), so
watching costs no extra pass per step; the symmetry check looks again only at layers that had
twins. A diagnosis appears once its evidence has held at `hold_points` evaluation points in a row
and goes as soon as it no longer holds; trends only use the points since the last change of
settings or weights.
"""

from engine.diagnoses.coach import Coach
from engine.diagnoses.evidence import (
    Facts,
    growth_per_step,
    nice_rate,
    safe_rate,
    saturated_share,
)
from engine.diagnoses.thresholds import CODES, THRESHOLDS, Thresholds

__all__ = [
    "CODES",
    "THRESHOLDS",
    "Coach",
    "Facts",
    "Thresholds",
    "growth_per_step",
    "nice_rate",
    "safe_rate",
    "saturated_share",
]
