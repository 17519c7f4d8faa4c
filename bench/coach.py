"""False alarms of the training coach: the share of healthy runs that ever show a warning or
an error (target: at most 2 %).

Healthy runs: every classification dataset, the default settings and a few sensible ones
(tanh or ReLU, two hidden layers of 8, learning rate 0.03 or 0.1), many seeds, trained for 120
epochs, two per evaluation point as the page plays. Prints one JSON object with the runs that
raised each code. Run: python bench/coach.py [seeds per setting, default 7: 8 x 4 x 7 = 224]
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import Run
from engine.datasets import DATASETS

POINTS = 60
SETTINGS: list[dict[str, Any]] = [
    {},
    {"network": {"hidden_layer_sizes": [8, 8]}, "training": {"learning_rate": 0.03}},
    {"network": {"hidden_layer_sizes": [8, 8], "activation": "relu"}},
    {"network": {"hidden_layer_sizes": [8, 8]}, "training": {"learning_rate": 0.1}},
]


def alarms(config: dict[str, Any]) -> list[str]:
    """The warning and error codes a run ever shows over POINTS evaluation points."""
    run = Run(config)
    per_call = 2 * run.steps_per_epoch
    seen: set[str] = set()
    for _ in range(POINTS):
        metrics = run.train(steps=per_call)
        seen |= {d["code"] for d in metrics["diagnoses"] if d["severity"] != "info"}
    return sorted(seen)


def main() -> None:
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    datasets = [name for name, spec in DATASETS.items() if spec.kind == "classification"]
    runs, flagged = 0, []
    per_code: Counter[str] = Counter()
    for dataset, setting, seed in itertools.product(datasets, SETTINGS, range(seeds)):
        config = {**setting, "data": {"dataset": dataset}, "random_state": seed}
        codes = alarms(config)
        runs += 1
        per_code.update(codes)
        if codes:
            flagged.append({"dataset": dataset, "setting": setting, "seed": seed, "codes": codes})
    result = {
        "runs": runs,
        "runs_with_warning_or_error": len(flagged),
        "share": round(len(flagged) / runs, 4),
        "target": 0.02,
        "runs_per_code": dict(per_code.most_common()),
        "flagged": flagged,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
