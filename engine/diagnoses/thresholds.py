"""The one table of numbers the coach judges by, each with why it has its value, and the codes."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CODES", "THRESHOLDS", "Thresholds"]


@dataclass(frozen=True)
class Thresholds:
    """Every number the coach judges by, with why it has that value."""

    hold_points: int = 3
    """Evidence must hold at 3 evaluation points in a row: one noisy mini-batch never raises a
    diagnosis, and a learner still hears about a problem within a few frames."""
    window_points: int = 10
    """Trends (oscillation, slow progress, overfitting) are judged over the last 10 evaluation
    points: enough ups and downs to tell a swing from noise, short enough to follow a change."""
    min_trend_points: int = 6
    """A trend needs at least 6 points since the last change; fewer cannot show a direction."""
    explode_loss_ratio: float = 10.0
    """A training loss ten times its value at the last change is an order of magnitude worse
    than guessing from the start: only steps that overshoot further and further do that."""
    explode_weight_ratio: float = 1e3
    """Parameters whose norm is a thousand times its value at the last change (at least 1)
    grow geometrically: healthy training changes weights by small steps, and even on
    separable data they grow only like log(steps). Checked after every update, so the run
    stops far from overflow and a rollback with a lower rate recovers it."""
    oscillation_up_share: float = 0.4
    """The loss went up between at least 40 % of consecutive points: a descending curve, even a
    noisy one, rises far less often once the step size suits the valley."""
    oscillation_swing: float = 0.25
    """Its swings span at least a quarter of the loss at the last change: mini-batch noise on a
    converging run is much smaller than that."""
    oscillation_level: float = 0.5
    """... and the window's mean loss is still at least half the loss at the last change: a run
    that halved its loss is descending despite its bumps, one that overshoots stays near (or
    above) where it began."""
    slow_loss_share: float = 0.8
    """Slow progress: the loss is still above 80 % of its value at the last change ..."""
    slow_drop: float = 0.02
    """... fell by less than 2 % of that value over the whole window: at that pace the
    learner would wait hundreds of windows for a visible change ..."""
    slow_update_ratio: float = 1e-4
    """... and the last step moved the parameters by less than 1e-4 of their norm. A step that
    suits the problem moves them by about 1e-3 of their norm (1e-3 to 5e-3 on every dataset at
    the default rates); a ten times smaller one is what makes a run creep, where a hard
    problem at a good rate moves its weights normally and is merely slow."""
    gradient_spread: float = 1e3
    """The error signals of the first and the last layer, |dC/db| (the course's measure of how
    fast a layer's biases learn), three orders of magnitude apart (geometric mean over the
    window): the first layers then learn a thousand times slower (vanishing) or faster
    (exploding) than the last. Healthy nets stay within about 1e-1.5 to 1e1.5."""
    vanishing_stall_share: float = 0.5
    """Vanishing only while the loss is still above half its value at the last change: it
    matters when it stalls learning. A run that halved its loss learns where it must, and once
    converged its tiny per-point errors cancel in the sums, so a small ratio says nothing."""
    dead_share: float = 0.5
    """At least half of a ReLU layer outputs 0 for every training point: those units get no
    gradient again, so the layer works with half its capacity or less for good. Half, not
    more, because that is the course's own example (the 'dead ReLU' preset settles at 8 of 16
    dead); healthy ReLU runs rarely lose a quarter of a layer (bench/coach.py)."""
    saturation_margin: float = 0.02
    """An output within 0.02 of 0 or 1 is saturated: the sigmoid's slope there is below 0.02,
    a fiftieth of its value at the centre, so the quadratic cost's gradient nearly vanishes."""
    saturated_share: float = 0.5
    """At least half of the wrongly classified training points are saturated: most of the
    errors then teach almost nothing under the quadratic cost."""
    symmetric_share: float = 0.5
    """At least half the units of a hidden layer (of 2 or more) have a twin with the same
    incoming weights and bias: they compute the same thing and the layer acts smaller."""
    symmetric_tolerance: float = 1e-9
    """Twins agree to 1e-9 relative: round-off keeps copies that close, distinct units are not."""
    overfit_rise: float = 0.5
    """The held-out loss is at least 50 % above its lowest value since the last change: small
    data sets trained long drift up by a quarter while the held-out accuracy holds; memorising
    noise makes it climb much further ..."""
    overfit_gap: float = 0.1
    """... exceeds the training loss by at least 0.1 (both in loss units, so tiny losses that
    wobble do not count) ..."""
    overfit_train_drop: float = 0.0
    """... and the training loss still fell over the window (any amount): memorising, not
    learning."""
    simple_accuracy: float = 0.9
    """A linear model below 90 % training accuracy on a plateau leaves at least a tenth of the
    points on the wrong side of its one line: the classes are not linearly separable."""
    safe_rate_share: float = 0.25
    """After a stop the fix suggests a quarter of the largest stable rate the run's own growth
    implies (see `safe_rate`): gradient descent on a quadratic multiplies the error by
    |1 - eta*lambda| per step, so a growth factor g per step at rate eta means
    lambda ~ (g + 1) / eta and rates below 2 / lambda are stable. g is measured from where the
    run started, so it can only underestimate the growth of the steepest direction; a quarter
    leaves room for that and for mini-batches steeper than the whole set, and is still fast
    (the error then shrinks by about half a step's worth each step)."""
    plateau_change: float = 0.01
    """The window's later half is on average less than one point more accurate than its first
    half: the model has reached its best (halves, as single points jitter with each batch)."""


THRESHOLDS = Thresholds()
"""The one table the coach uses."""

CODES: dict[str, str] = {
    "diverged": "the loss became NaN or infinite (the course: a learning rate too high)",
    "exploding": "loss, weights or gradients grew by orders of magnitude; training stopped "
    "before overflow (learning rate too high)",
    "oscillating": "the loss swings up and down without a trend (learning rate too high)",
    "slow_progress": "the loss falls too slowly to matter (learning rate too low, or a plateau)",
    "vanishing_gradients": "the first layers' gradients are orders of magnitude smaller than "
    "the last layer's (saturating activations)",
    "exploding_gradients": "the first layers' gradients are orders of magnitude larger than "
    "the last layer's (initial weights too large)",
    "dead_units": "most units of a ReLU layer output 0 for every training point",
    "saturated_output": "quadratic cost with a saturated sigmoid/softmax output on wrong "
    "answers learns slowly (use cross-entropy)",
    "symmetric_units": "hidden units of a layer stay identical (all-equal initial weights)",
    "overfitting": "the held-out loss rises while the training loss falls",
    "too_simple": "a linear model plateaus at a low accuracy on data one line cannot separate",
}
"""Every diagnosis code with what it means; docs/api.md lists the same codes."""
