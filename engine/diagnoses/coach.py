"""The coach: since when each check has held, the debounced diagnoses, and a stopped run's
diagnosis with a rate that will not blow up again."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.diagnoses.checks import CHECKS, ORDER, count_twins
from engine.diagnoses.evidence import (
    Facts,
    Finding,
    Window,
    finite,
    growth_per_step,
    make_fix,
    safe_rate,
)
from engine.diagnoses.thresholds import THRESHOLDS, Thresholds


@dataclass
class Coach:
    """Remembers since when each check has held and answers the current diagnoses."""

    thresholds: Thresholds = THRESHOLDS
    origin_step: int = 0
    held: dict[str, tuple[int, int]] = field(default_factory=dict)
    current: list[dict[str, Any]] = field(default_factory=list)
    spreads: list[float] = field(default_factory=list)
    """log10 of each evaluation point's error spread since the last change."""
    twin_layers: list[int] | None = None
    """Hidden layers still worth a symmetry check; None: all (not yet checked)."""
    lowest: dict[str, float] = field(default_factory=dict)
    """The lowest validation and test loss since the last change."""

    def restart(self, step: int) -> None:
        """Settings or weights changed at `step`: forget all evidence gathered before."""
        self.origin_step = step
        self.held.clear()
        self.current = []
        self.spreads = []
        self.twin_layers = None
        self.lowest = {}

    def blowing_up(self, window: Window) -> str | None:
        """Why the run must stop now, judged from the training loss: "diverged" when it is NaN
        or infinite, "exploding" when it grew tenfold since the last change; None while it is
        fine. The weights are watched at every step by the trainer (`explode_weight_ratio`)."""
        start = window.first("train_loss")
        if not len(window) or start is None:
            return None
        loss = window.columns["train_loss"][-1]
        if loss is None:
            return "diverged"
        if loss > self.thresholds.explode_loss_ratio * max(start, 1e-12):
            return "exploding"
        return None

    def window(self, columns: dict[str, list[Any]]) -> Window:
        """The history points at or after the last change."""
        start = bisect.bisect_left(columns["step"], self.origin_step)  # steps only grow
        return Window(columns, start, self.thresholds.window_points, self.spreads, self.lowest)

    def observe(self, window: Window, facts: Facts) -> list[dict[str, Any]]:
        """Judge one evaluation point (the last of `window`, made by `window()`) and return
        the diagnoses."""
        columns = window.columns
        found: list[dict[str, Any]] = []
        stopped = self._stopped(facts, window)
        if stopped is not None:
            found.append(stopped)
        spread = facts.error_spread
        if spread is not None and 0.0 < spread < math.inf:
            self.spreads.append(math.log10(spread))
            del self.spreads[: -self.thresholds.window_points]
        for key in ("val_loss", "test_loss"):
            value = columns[key][-1] if columns[key] else None
            if value is not None and columns["step"][-1] >= self.origin_step:
                self.lowest[key] = min(self.lowest.get(key, math.inf), value)
        for code in ORDER:
            if stopped:
                finding = None
            elif code == "symmetric_units":
                finding = self._symmetric(facts)
            else:
                finding = CHECKS[code](window, facts, self.thresholds)
            if finding is None:
                self.held.pop(code, None)
                continue
            since, count = self.held.get(code, (facts.step, 0))
            self.held[code] = (since, count + 1)
            explained = code == "slow_progress" and found
            if count + 1 >= self.thresholds.hold_points and not explained:
                found.append(_diagnosis(code, finding, since))
        self.current = found
        return found

    def _symmetric(self, f: Facts) -> Finding | None:
        """Twin units in a hidden layer. Gradient descent gives twins equal updates, so twins
        stay twins and distinct units do not merge: after a change only the layers that had
        twins at the first check are looked at again (`twin_layers`), usually none."""
        t = self.thresholds
        layers = range(f.net.n_layers - 1) if self.twin_layers is None else self.twin_layers
        still: list[int] = []
        result = None
        with np.errstate(all="ignore"):
            for layer in layers:
                rows = f.net.layers[layer]
                if len(rows) < 2:
                    continue
                twins = count_twins(rows, t.symmetric_tolerance)
                if twins:
                    still.append(layer)
                if result is None and twins >= t.symmetric_share * len(rows):
                    patch = {"network": {"kernel_initializer": "glorot_uniform"}}
                    evidence = {"layer": layer, "identical": twins, "units": len(rows)}
                    result = Finding("warning", evidence, make_fix(patch, reset=True))
        self.twin_layers = still
        return result

    def _stopped(self, facts: Facts, window: Window) -> dict[str, Any] | None:
        """The error that stopped training (diverged or exploding), if any, with a rate that
        the run's own growth says is stable (`safe_rate`)."""
        if facts.status not in ("diverged", "exploding"):
            return None
        since = facts.step if facts.stopped_at is None else facts.stopped_at
        growth = self._growth(facts, window, since)
        rate = safe_rate(
            facts.learning_rate, growth, facts.good_rate, self.thresholds.safe_rate_share
        )
        fix = make_fix({"training": {"learning_rate": rate}}, rollback=facts.has_good_state)
        if not facts.has_good_state:
            fix["reset"] = True
        last = facts.layers
        weight = math.hypot(*[layer["weight_norm"] or 0.0 for layer in last]) if last else 0.0
        evidence = {"learning_rate": facts.learning_rate, "weight_norm": weight}
        evidence["growth"] = growth
        return _diagnosis(facts.status, Finding("error", evidence, fix), since)

    def _growth(self, facts: Facts, window: Window, stopped_at: int) -> float:
        """The growth per step since the last change, from the loss (first and last finite
        values in the window) and the parameters' norm."""
        losses = finite(window.columns["train_loss"][window.start :])
        loss_ratio = losses[-1] / losses[0] if len(losses) >= 2 and losses[0] > 0 else None
        norm_ratio = None
        if facts.param_norm is not None and facts.origin_norm:
            norm_ratio = facts.param_norm / facts.origin_norm
        bound = self.thresholds.explode_weight_ratio if facts.bound_hit else None
        return growth_per_step(loss_ratio, norm_ratio, stopped_at - self.origin_step, bound)


def _diagnosis(code: str, finding: Finding, since: int) -> dict[str, Any]:
    evidence = {
        key: float(value) if isinstance(value, float | np.floating) else value
        for key, value in finding.evidence.items()
    }
    return {
        "code": code,
        "severity": finding.severity,
        "since_step": since,
        "evidence": evidence,
        "fix": finding.fix,
    }
