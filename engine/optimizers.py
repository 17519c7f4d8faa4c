"""Gradient-descent update rules acting in place on the network's flat parameter vector.

Each optimizer keeps its state (velocities, moment estimates) as rows of one array, so the run
can copy, save and restore it in a single operation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Protocol

import numpy as np
from numpy.typing import NDArray

from engine.checks import MAX_COUNT, check_array, check_count, check_key, check_mapping

__all__ = ["OPTIMIZERS", "Optimizer", "OptimizerSettings", "get_optimizer"]

FloatArray = NDArray[np.float64]


class OptimizerSettings(Protocol):
    """The training settings an optimizer reads."""

    momentum: float
    nesterov: bool
    beta_1: float
    beta_2: float
    rho: float
    epsilon: float


class Optimizer(ABC):
    """Updates params in place from the gradient g and the learning rate eta of this step."""

    name: ClassVar[str] = ""
    formula: ClassVar[str] = ""
    slots: ClassVar[int] = 0
    settings: ClassVar[tuple[str, ...]] = ()
    squares: ClassVar[tuple[int, ...]] = ()
    """Rows of `state` that accumulate squared gradients, hence are never negative."""

    def __init__(self, size: int, settings: OptimizerSettings) -> None:
        self.t = 0
        self.state = np.zeros((self.slots, size))
        self._tmp = np.empty(size)
        self._tmp2 = np.empty(size)
        self.configure(settings)

    def configure(self, settings: OptimizerSettings) -> None:
        """Read the hyper-parameters (may change between steps; the state is kept)."""
        self.momentum = float(settings.momentum)
        self.nesterov = bool(settings.nesterov)
        self.beta_1 = float(settings.beta_1)
        self.beta_2 = float(settings.beta_2)
        self.rho = float(settings.rho)
        self.epsilon = float(settings.epsilon)

    @property
    def stateful(self) -> bool:
        """Whether `state` takes part in the update (plain SGD has none)."""
        return True

    @abstractmethod
    def step(self, params: FloatArray, grad: FloatArray, lr: float) -> None:
        """One update of `params` (in place) from `grad`."""

    def state_dict(self) -> dict[str, Any]:
        """The state as plain JSON."""
        return {"name": self.name, "t": self.t, "state": self.state.tolist()}

    def load_state(self, data: object, where: str = "optimizer", max_t: int = MAX_COUNT) -> None:
        """Restore what `state_dict` returned; ValueError naming the first bad field (`where`
        prefixes the names) and nothing changed. `max_t` bounds the update count."""
        data = check_mapping(where, data)
        name = check_key(where, data, "name")
        if name != self.name:
            raise ValueError(f"{where}.name: the state is for {name!r}, not {self.name!r}")
        t = check_count(f"{where}.t", check_key(where, data, "t"), 0, max_t)
        state = check_array(f"{where}.state", check_key(where, data, "state"), self.state.shape)
        for row in self.squares:
            if np.any(state[row] < 0.0):
                raise ValueError(f"{where}.state[{row}] accumulates squares: it cannot be negative")
        self.state[...] = state
        self.t = t


class SGD(Optimizer):
    name = "sgd"
    formula = (
        "v <- mu v - eta g; w <- w + v (nesterov: w <- w + mu v - eta g); "
        "mu = 0 gives w <- w - eta g"
    )
    slots = 1
    settings = ("momentum", "nesterov")

    @property
    def stateful(self) -> bool:
        return self.momentum != 0.0

    def step(self, params: FloatArray, grad: FloatArray, lr: float) -> None:
        self.t += 1
        tmp = self._tmp
        if self.momentum == 0.0:
            np.multiply(grad, -lr, out=tmp)
            params += tmp
            return
        v = self.state[0]
        v *= self.momentum
        np.multiply(grad, lr, out=tmp)
        v -= tmp
        if self.nesterov:
            np.multiply(v, self.momentum, out=self._tmp2)
            self._tmp2 -= tmp
            params += self._tmp2
        else:
            params += v


class Adam(Optimizer):
    name = "adam"
    formula = (
        "m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; "
        "w <- w - eta (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)"
    )
    slots = 2
    settings = ("beta_1", "beta_2", "epsilon")
    squares = (1,)

    def step(self, params: FloatArray, grad: FloatArray, lr: float) -> None:
        self.t += 1
        m, v = self.state
        tmp, tmp2 = self._tmp, self._tmp2
        m *= self.beta_1
        np.multiply(grad, 1.0 - self.beta_1, out=tmp)
        m += tmp
        v *= self.beta_2
        np.multiply(grad, grad, out=tmp)
        tmp *= 1.0 - self.beta_2
        v += tmp
        np.multiply(v, 1.0 / (1.0 - self.beta_2**self.t), out=tmp)
        np.sqrt(tmp, out=tmp)
        tmp += self.epsilon
        np.multiply(m, lr / (1.0 - self.beta_1**self.t), out=tmp2)
        tmp2 /= tmp
        params -= tmp2


class RMSprop(Optimizer):
    name = "rmsprop"
    formula = "v <- rho v + (1 - rho) g^2; w <- w - eta g / (sqrt(v) + eps)"
    slots = 1
    settings = ("rho", "epsilon")
    squares = (0,)

    def step(self, params: FloatArray, grad: FloatArray, lr: float) -> None:
        self.t += 1
        v = self.state[0]
        tmp, tmp2 = self._tmp, self._tmp2
        v *= self.rho
        np.multiply(grad, grad, out=tmp)
        tmp *= 1.0 - self.rho
        v += tmp
        _scaled_step(params, grad, v, lr, self.epsilon, tmp, tmp2)


class Adagrad(Optimizer):
    name = "adagrad"
    formula = "G <- G + g^2; w <- w - eta g / (sqrt(G) + eps)"
    slots = 1
    settings = ("epsilon",)
    squares = (0,)

    def step(self, params: FloatArray, grad: FloatArray, lr: float) -> None:
        self.t += 1
        acc = self.state[0]
        tmp, tmp2 = self._tmp, self._tmp2
        np.multiply(grad, grad, out=tmp)
        acc += tmp
        _scaled_step(params, grad, acc, lr, self.epsilon, tmp, tmp2)


def _scaled_step(
    params: FloatArray,
    grad: FloatArray,
    acc: FloatArray,
    lr: float,
    eps: float,
    tmp: FloatArray,
    tmp2: FloatArray,
) -> None:
    """params -= lr g / (sqrt(acc) + eps)."""
    np.sqrt(acc, out=tmp)
    tmp += eps
    np.multiply(grad, lr, out=tmp2)
    tmp2 /= tmp
    params -= tmp2


OPTIMIZERS: dict[str, type[Optimizer]] = {cls.name: cls for cls in (SGD, Adam, RMSprop, Adagrad)}
"""Every optimizer by name."""


def get_optimizer(name: str, size: int, settings: OptimizerSettings) -> Optimizer:
    """A fresh optimizer `name` for `size` parameters, or ValueError listing the choices."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}")
    return OPTIMIZERS[name](size, settings)
