"""describe(): every option table as JSON, in step with the engine's tables."""

from __future__ import annotations

import json

from engine.activations import ACTIVATIONS
from engine.datasets import DATASETS
from engine.features import FEATURES
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES, OUTPUTS
from engine.optimizers import OPTIMIZERS
from engine.options import describe
from engine.regularizers import REGULARIZERS
from engine.schedules import SCHEDULES

TABLES = {
    "DATASETS": DATASETS,
    "ACTIVATIONS": ACTIVATIONS,
    "OUTPUTS": OUTPUTS,
    "LOSSES": LOSSES,
    "INITIALIZERS": INITIALIZERS,
    "OPTIMIZERS": OPTIMIZERS,
    "SCHEDULES": SCHEDULES,
    "REGULARIZERS": REGULARIZERS,
    "FEATURES": FEATURES,
}


def test_describe_lists_every_entry_of_every_table_in_order() -> None:
    options = describe()
    assert set(options) == set(TABLES)
    for name, table in TABLES.items():
        assert [entry["name"] for entry in options[name]] == list(table), name


def test_describe_is_plain_json_with_formulas() -> None:
    options = json.loads(json.dumps(describe(), allow_nan=False))
    for name in ("ACTIVATIONS", "LOSSES", "INITIALIZERS", "OPTIMIZERS", "SCHEDULES"):
        assert all(entry["formula"] for entry in options[name]), name
    outputs = {entry["name"]: entry for entry in options["OUTPUTS"]}
    assert outputs["regression"]["losses"] == ["mse"]
    assert outputs["multiclass"]["activation"] == "softmax"
