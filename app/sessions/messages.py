"""The API's messages about a run: a stable `message_code` with its `message_params` for
programs (the page writes its own sentence from them) beside the English `message` for people."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["MESSAGE_CODES", "NO_MESSAGE", "RunMessage", "status_message", "update_message"]

MESSAGE_CODES: dict[str, str] = {
    "diverged": "the loss became NaN or infinite, or grew by orders of magnitude and training "
    "stopped before it overflowed (the diagnosis `exploding` says which); `step`: the step it "
    "stopped at (or null)",
    "stopped_early": "early stopping ended training; `epoch`: the epoch it stopped at, "
    "`patience`: the epochs without improvement it waited",
    "weights_kept": "a PATCH applied live; the weights were kept",
    "optimizer_reset": "a PATCH changed the optimizer; the weights were kept, its state reset",
    "network_reinitialized": "a PATCH re-initialised the network; the data were kept; "
    "`changed`: the config sections that forced it",
    "features_changed": "a PATCH changed the input features: the same points, new inputs, a new "
    "network; `changed` as above",
    "data_rebuilt": "a PATCH regenerated or re-split the points and re-initialised the network; "
    "`changed` as above",
}
"""Every `message_code` the API sends, with what its `message_params` hold. A new one adds a line
here and to the table in docs/api.md (a test compares the two)."""

_CAUSES = {
    "random_state": "the seed",
    "data": "the data settings",
    "features": "the input features",
    "network": "the network settings",
}


@dataclass(frozen=True)
class RunMessage:
    """One message: its stable code, the values its sentence needs, and the English text."""

    code: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in MESSAGE_CODES:
            raise ValueError(f"unknown message code {self.code!r}; add it to MESSAGE_CODES")

    def fields(self) -> dict[str, Any]:
        """The three JSON fields of an answer that carries this message."""
        return {"message": self.text, "message_code": self.code, "message_params": self.params}


NO_MESSAGE: dict[str, Any] = {"message": None, "message_code": None, "message_params": None}
"""The three fields when there is nothing to say."""


def status_message(status: str, diverged_at: Any, epoch: int, patience: int) -> RunMessage | None:
    """What to try when training cannot go on; None while it can."""
    if status == "diverged":
        where = f" at step {diverged_at}" if diverged_at is not None else ""
        text = (
            f"the run diverged{where}: the loss became NaN or infinite, or grew by orders of "
            "magnitude and training stopped before it overflowed. Lower the learning rate "
            "(PATCH training.learning_rate) after rolling back to the last healthy state "
            "(POST .../rollback), set training.clip_norm, or reset the weights (POST .../reset)."
        )
        return RunMessage("diverged", text, {"step": diverged_at})
    if status == "stopped_early":
        text = (
            "training stopped early: the validation loss stopped improving. Reset the weights "
            "(POST .../reset) or PATCH training.early_stopping to false to go on."
        )
        return RunMessage("stopped_early", text, {"epoch": epoch, "patience": patience})
    return None


def update_message(rebuilt: list[str], before: dict[str, Any], after: dict[str, Any]) -> RunMessage:
    """What a PATCH did, naming the config sections that forced it."""
    if not rebuilt:
        return RunMessage("weights_kept", "hyper-parameters applied live; the weights were kept")
    if rebuilt == ["optimizer"]:
        text = (
            "hyper-parameters applied live; the weights were kept but the new optimizer starts "
            "with fresh state"
        )
        return RunMessage("optimizer_reset", text)
    changed = [key for key in _CAUSES if before[key] != after[key]]
    causes = " and ".join(_CAUSES[key] for key in changed)
    params = {"changed": changed}
    if "data" not in rebuilt:
        text = f"{causes} changed: the network was re-initialised (new weights); the data were kept"
        return RunMessage("network_reinitialized", text, params)
    text = (
        f"{causes} changed: the data were rebuilt (regenerated, re-split or given new "
        "features) and the network re-initialised (new weights)"
    )
    code = "features_changed" if changed == ["features"] else "data_rebuilt"
    return RunMessage(code, text, params)
