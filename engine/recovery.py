"""The last good state of a run: weights and optimiser state at its most recent healthy
evaluation point, so a run that diverged or exploded can go back there and continue."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from engine.trainer import Trainer

__all__ = ["LastGood"]

FloatArray = NDArray[np.float64]


class LastGood:
    """One flat copy of the parameters and one of the optimiser state (cheap: no evaluation)."""

    def __init__(self) -> None:
        self.params: FloatArray | None = None
        self.state: FloatArray | None = None
        self.t = 0
        self.step = 0
        self.optimizer = ""
        self.rate: float | None = None
        """The (base) learning rate the run trained at when this state was saved."""

    @property
    def saved(self) -> bool:
        return self.params is not None

    def save(self, trainer: Trainer, rate: float | None = None) -> None:
        """Remember the trainer's parameters and optimiser state as they are now, and the
        learning rate that brought them here (`rate`, if known)."""
        params, state = trainer.net.params, trainer.optimizer.state
        if self.params is None or self.params.shape != params.shape:
            self.params = params.copy()
        else:
            np.copyto(self.params, params)
        if self.state is None or self.state.shape != state.shape:
            self.state = state.copy()
        else:
            np.copyto(self.state, state)
        self.t, self.step = trainer.optimizer.t, trainer.step
        self.optimizer = trainer.optimizer.name
        self.rate = rate

    def restore(self, trainer: Trainer) -> None:
        """Put the saved state back (the step counters keep counting); ValueError if none."""
        if self.params is None or self.state is None:
            raise ValueError("there is no earlier healthy state to roll back to; reset instead")
        np.copyto(trainer.net.params, self.params)
        if self.optimizer == trainer.optimizer.name:
            np.copyto(trainer.optimizer.state, self.state)
            trainer.optimizer.t = self.t
        else:  # the optimiser type changed since: it starts afresh from the saved weights
            trainer.optimizer.state[...] = 0.0
            trainer.optimizer.t = 0
        trainer.forget_undo()
