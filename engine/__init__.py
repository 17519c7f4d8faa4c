"""NN Playground's training engine: feedforward networks in pure NumPy."""

from engine.config import RunConfig
from engine.inspect import Grid
from engine.run import Run

__all__ = ["Grid", "Run", "RunConfig"]
