from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine import RunConfig
from engine import lessons as engine_lessons
from engine import options as engine_options
from engine.checks import MAX_DECAY

TABLES = engine_options.describe()


def test_options_are_the_engine_tables_plus_limits(client: TestClient) -> None:
    response = client.get("/api/options")
    assert response.status_code == 200
    body = response.json()
    for name, table in TABLES.items():
        assert body[name] == table
    assert body["defaults"] == RunConfig().to_dict()
    assert body["limits"] == {
        "max_layers": 8,
        "max_neurons": 16,
        "min_samples": 10,
        "max_points": 2000,
        "min_resolution": 4,
        "max_resolution": 200,
        "default_stream_resolution": 50,
        "max_neuron_resolution": 100,
        "max_json_grid_values": 250000,
        "default_neuron_resolution": 24,
        "max_steps_per_call": 10000,
        "max_epochs_per_call": 1000,
        "max_examples_per_call": 500000,
        "min_fps": 1,
        "max_fps": 60,
        "default_fps": 30,
        "max_steps_per_frame": 100,
        "default_steps_per_frame": 5,
        "max_classes": 10,
        "data_box": 6.0,
        "max_sessions": 20,
        "session_ttl": 600.0,
        "max_body_bytes": 1048576,
        "max_viewers": 16,
        "max_streams": 256,
    }


def test_every_activation_carries_its_curve_from_the_engine(client: TestClient) -> None:
    activations = client.get("/api/options").json()["ACTIVATIONS"]
    assert [a["name"] for a in activations] == _names("ACTIVATIONS")
    for activation in activations:
        assert set(activation) == {"name", "formula", "curve"}
        assert activation["curve"] == engine_options.activation_curve(activation["name"])
        assert [len(activation["curve"][key]) for key in ("z", "g", "dg")] == [121, 121, 121]


def test_options_give_the_bounds_of_every_numeric_config_field(client: TestClient) -> None:
    bounds = client.get("/api/options").json()["bounds"]
    assert bounds["training.learning_rate"] == {
        "min": 0.0,
        "max": 100.0,
        "exclusive_min": True,
        "exclusive_max": False,
    }
    assert bounds["random_state"] == {
        "min": 0,
        "max": 2**32 - 1,
        "exclusive_min": False,
        "exclusive_max": False,
    }
    assert (bounds["data.n_samples"]["min"], bounds["data.n_samples"]["max"]) == (10, 2000)
    assert bounds["training.beta_1"]["max"] == MAX_DECAY
    numeric = {
        f"{section}.{name}"
        for section, values in RunConfig().to_dict().items()
        if isinstance(values, dict)
        for name, value in values.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    assert set(bounds) == {"random_state", *numeric, "training.clip_norm"}


def test_lessons_are_the_engine_lessons(client: TestClient) -> None:
    response = client.get("/api/lessons")
    assert response.status_code == 200
    assert response.json() == engine_lessons.describe()


@pytest.mark.parametrize(
    ("lesson", "preset"),
    [
        (lesson["id"], preset)
        for lesson in engine_lessons.describe()
        for preset in lesson["presets"]
    ],
    ids=lambda value: value if isinstance(value, str) else value["name"],
)
def test_every_lesson_preset_creates_a_session(
    client: TestClient, lesson: str, preset: dict[str, Any]
) -> None:
    response = client.post("/api/sessions", json=preset["config"])
    assert response.status_code == 201, response.text
    session = response.json()["id"]
    assert client.post(f"/api/sessions/{session}/step", json={"steps": 5}).status_code == 200


def _names(table: str) -> list[str]:
    return [entry["name"] for entry in TABLES[table]]


def _dataset_config(dataset: dict[str, Any]) -> dict[str, Any]:
    if dataset["kind"] == "regression":
        return {
            "data": {"dataset": dataset["name"]},
            "network": {"output": "regression", "loss": "mse"},
        }
    if dataset["uses_n_classes"]:
        return {
            "data": {"dataset": dataset["name"], "n_classes": 3},
            "network": {"output": "multiclass"},
        }
    return {"data": {"dataset": dataset["name"]}}


def _output_config(output: str, loss: str) -> dict[str, Any]:
    data = {
        "binary": {"dataset": "xor"},
        "multiclass": {"dataset": "blobs", "n_classes": 3},
        "multilabel": {"dataset": "blobs", "n_classes": 3},
        "regression": {"dataset": "multi_gaussian"},
    }[output]
    return {"data": data, "network": {"output": output, "loss": loss}}


CASES: list[tuple[str, dict[str, Any]]] = [
    *((f"dataset={d['name']}", _dataset_config(d)) for d in TABLES["DATASETS"]),
    *((f"activation={a}", {"network": {"activation": a}}) for a in _names("ACTIVATIONS")),
    *(
        (f"initializer={i}", {"network": {"kernel_initializer": i, "bias_initializer": i}})
        for i in _names("INITIALIZERS")
    ),
    *((f"optimizer={o}", {"training": {"optimizer": o}}) for o in _names("OPTIMIZERS")),
    *((f"schedule={s}", {"training": {"schedule": s}}) for s in _names("SCHEDULES")),
    *(
        (f"regularization={r}", {"training": {"regularization": r, "alpha": 0.01}})
        for r in _names("REGULARIZERS")
    ),
    *((f"feature={f}", {"features": {"inputs": [f]}}) for f in _names("FEATURES")),
    *(
        (f"output={o['name']}/loss={loss}", _output_config(o["name"], loss))
        for o in TABLES["OUTPUTS"]
        for loss in o["losses"]
    ),
]


@pytest.mark.parametrize(("name", "config"), CASES, ids=[name for name, _ in CASES])
def test_every_option_creates_a_session_that_steps_and_streams_a_boundary(
    client: TestClient, name: str, config: dict[str, Any]
) -> None:
    response = client.post("/api/sessions", json=config)
    assert response.status_code == 201, response.text
    session = response.json()["id"]
    stepped = client.post(f"/api/sessions/{session}/step", json={"steps": 20})
    assert stepped.status_code == 200
    assert stepped.json()["step"] == 20
    boundary = client.get(f"/api/sessions/{session}/boundary", params={"resolution": 8})
    assert boundary.status_code == 200
    assert (
        client.post(f"/api/sessions/{session}/predict", json={"points": [[0, 0]]}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("config", "loc", "fragment"),
    [
        ({"data": {"dataset": "moon"}}, ["body", "data", "dataset"], "unknown dataset 'moon'"),
        ({"network": {"activation": "swish"}}, ["body", "network", "activation"], "swish"),
        (
            {"network": {"hidden_layer_sizes": [4] * 9}},
            ["body", "network", "hidden_layer_sizes"],
            "at most 8",
        ),
        (
            {"network": {"hidden_layer_sizes": [17]}},
            ["body", "network", "hidden_layer_sizes", 0],
            "less than or equal to 16",
        ),
        (
            {"data": {"n_samples": 2001}},
            ["body", "data", "n_samples"],
            "less than or equal to 2000",
        ),
        ({"data": {"noise": 1.5}}, ["body", "data", "noise"], "less than or equal to 1"),
        (
            {"training": {"learning_rate": 0}},
            ["body", "training", "learning_rate"],
            "greater than 0",
        ),
        ({"training": {"nesterov": 1}}, ["body", "training", "nesterov"], "valid boolean"),
        ({"training": {"batch_size": False}}, ["body", "training", "batch_size"], "valid integer"),
        (
            {"training": {"learning_rate": None}},
            ["body", "training", "learning_rate"],
            "valid number",
        ),
        ({"random_state": "1"}, ["body", "random_state"], "valid integer"),
        ({"colour": "red"}, ["body", "colour"], "Extra inputs are not permitted"),
        ({"features": {"inputs": []}}, ["body", "features", "inputs"], "at least 1"),
    ],
)
def test_bad_configs_are_422_naming_the_field_and_range(
    client: TestClient, config: dict[str, Any], loc: list[Any], fragment: str
) -> None:
    response = client.post("/api/sessions", json=config)
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == loc
    assert fragment in error["msg"]


def test_an_unknown_name_lists_the_choices(client: TestClient) -> None:
    response = client.post("/api/sessions", json={"data": {"dataset": "moon"}})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["body", "data", "dataset"], "value_error")
    assert error["msg"] == (
        f"unknown dataset 'moon'; choose one of: {', '.join(_names('DATASETS'))}"
    )


def test_engine_refusals_are_422_with_the_engine_message(client: TestClient) -> None:
    response = client.post("/api/sessions", json={"data": {"train_ratio": 0.9, "val_ratio": 0.5}})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["body"], "value_error")
    assert "train_ratio" in error["msg"]
