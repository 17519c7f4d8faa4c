from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from engine import Run
from tests.app.conftest import SMALL_RUN
from tests.app.sse import decode


def test_boundary_is_the_engine_grid_quantised(client: TestClient, session_id: str) -> None:
    response = client.get(f"/api/sessions/{session_id}/boundary", params={"resolution": 20})
    assert response.status_code == 200
    body = response.json()
    assert body["step"] == 0
    assert body["neurons"] is None
    grid = body["grid"]
    assert {k: grid[k] for k in ("resolution", "channels", "min", "max", "encoding")} == {
        "resolution": 20,
        "channels": 1,
        "min": 0.0,
        "max": 1.0,
        "encoding": "uint8-base64",
    }
    expected = Run(SMALL_RUN).grid(20).output
    np.testing.assert_allclose(decode(grid), expected, atol=0.5 / 255 + 1e-6)


def test_boundary_as_json_matches_the_engine(client: TestClient, session_id: str) -> None:
    body = client.get(
        f"/api/sessions/{session_id}/boundary", params={"resolution": 5, "format": "json"}
    ).json()
    assert body["grid"]["encoding"] == "json"
    np.testing.assert_allclose(np.array(body["grid"]["values"]), Run(SMALL_RUN).grid(5).output)


def test_boundary_with_neurons_has_one_grid_per_hidden_layer(client: TestClient) -> None:
    config = {"network": {"hidden_layer_sizes": [3, 5]}}
    session = client.post("/api/sessions", json=config).json()["id"]
    body = client.get(
        f"/api/sessions/{session}/boundary", params={"resolution": 8, "neurons": "true"}
    ).json()
    assert [(g["resolution"], g["channels"]) for g in body["neurons"]] == [(8, 3), (8, 5)]
    expected = Run(config).grid(8, neurons=True).neurons
    for grid, layer in zip(body["neurons"], expected, strict=True):
        assert len(grid["min"]) == grid["channels"]
        span = np.asarray(grid["max"]) - np.asarray(grid["min"])
        np.testing.assert_allclose(decode(grid), layer, atol=float(span.max()) / 255 + 1e-6)


def test_multiclass_boundary_has_a_channel_per_class(client: TestClient) -> None:
    config = {"data": {"dataset": "spiral", "n_classes": 3}, "network": {"output": "multiclass"}}
    session = client.post("/api/sessions", json=config).json()["id"]
    grid = client.get(f"/api/sessions/{session}/boundary", params={"resolution": 6}).json()["grid"]
    assert grid["channels"] == 3
    assert decode(grid).shape == (6, 6, 3)


def test_regression_boundary_uses_the_value_range(client: TestClient) -> None:
    config = {"data": {"dataset": "plane"}, "network": {"output": "regression", "loss": "mse"}}
    session = client.post("/api/sessions", json=config).json()["id"]
    grid = client.get(f"/api/sessions/{session}/boundary", params={"resolution": 6}).json()["grid"]
    values = Run(config).grid(6).output
    assert grid["min"] == pytest.approx(float(values.min()))
    assert grid["max"] == pytest.approx(float(values.max()))


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ({"resolution": 3}, ["query", "resolution"]),
        ({"resolution": 201}, ["query", "resolution"]),
        ({"resolution": "x"}, ["query", "resolution"]),
        ({"format": "png"}, ["query", "format"]),
        ({"neurons": "maybe"}, ["query", "neurons"]),
    ],
)
def test_bad_boundary_queries_are_422(
    client: TestClient, session_id: str, query: dict[str, str | int | float], loc: list[str]
) -> None:
    response = client.get(f"/api/sessions/{session_id}/boundary", params=query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


def test_history_grows_with_each_training_call(client: TestClient, session_id: str) -> None:
    client.post(f"/api/sessions/{session_id}/step", json={"steps": 10})
    client.post(f"/api/sessions/{session_id}/step", json={"steps": 10})
    response = client.get(f"/api/sessions/{session_id}/history")
    assert response.status_code == 200
    run = Run(SMALL_RUN)
    run.train(steps=10)
    run.train(steps=10)
    assert response.json() == run.history()


def test_predict_matches_the_engine(client: TestClient, session_id: str) -> None:
    points = [[0.5, -1.0], [-5.0, 5.0], [6.0, -6.0]]
    response = client.post(f"/api/sessions/{session_id}/predict", json={"points": points})
    assert response.status_code == 200
    run = Run(SMALL_RUN)
    assert response.json() == {
        "predictions": run.predict(np.array(points)).tolist(),
        "probabilities": run.predict_proba(np.array(points)).tolist(),
    }


def test_regression_predictions_have_no_probabilities(client: TestClient) -> None:
    config = {"data": {"dataset": "plane"}, "network": {"output": "regression", "loss": "mse"}}
    session = client.post("/api/sessions", json=config).json()["id"]
    body = client.post(f"/api/sessions/{session}/predict", json={"points": [[1, 1]]}).json()
    assert body["probabilities"] is None
    assert isinstance(body["predictions"][0], float)


@pytest.mark.parametrize(
    "payload",
    [
        {"points": []},
        {"points": [[1.0]]},
        {"points": [[1.0, 2.0, 3.0]]},
        {"points": [[7.0, 0.0]]},
        {"points": [["1", 0.0]]},
        {"points": [[1.0, 0.0]], "extra": 1},
        {"points": [[0.0, 0.0]] * 2001},
    ],
)
def test_bad_predict_bodies_are_422(
    client: TestClient, session_id: str, payload: dict[str, object]
) -> None:
    response = client.post(f"/api/sessions/{session_id}/predict", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_trace_without_label_is_forward_only(client: TestClient, session_id: str) -> None:
    response = client.get(f"/api/sessions/{session_id}/trace", params={"x1": 1.0, "x2": -2.0})
    assert response.status_code == 200
    assert response.json() == Run(SMALL_RUN).trace(1.0, -2.0)


def test_trace_with_label_has_the_backward_pass(client: TestClient, session_id: str) -> None:
    body = client.get(
        f"/api/sessions/{session_id}/trace", params={"x1": 1.0, "x2": -2.0, "label": 1}
    ).json()
    assert body == Run(SMALL_RUN).trace(1.0, -2.0, 1)
    assert body["loss"] is not None
    assert all(layer["dW"] is not None for layer in body["layers"])


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"x1": 0.0}, 422),
        ({"x1": 7.0, "x2": 0.0}, 422),
        ({"x1": "nan", "x2": 0.0}, 422),
        ({"x1": 0.0, "x2": 0.0, "label": 5}, 422),
        ({"x1": 0.0, "x2": 0.0, "label": 0.5}, 422),
    ],
)
def test_bad_trace_queries_are_422(
    client: TestClient, session_id: str, query: dict[str, str | int | float], status: int
) -> None:
    response = client.get(f"/api/sessions/{session_id}/trace", params=query)
    assert response.status_code == status
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_a_json_boundary_too_large_is_422(client: TestClient) -> None:
    session = client.post(
        "/api/sessions", json={"network": {"hidden_layer_sizes": [16] * 8}}
    ).json()
    response = client.get(
        f"/api/sessions/{session['id']}/boundary",
        params={"resolution": 200, "format": "json", "neurons": "true"},
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["query", "format"],
                "msg": "format=json would send 5160000 numbers; at most 250000 are sent as JSON. "
                "Lower the resolution or use format=uint8",
                "type": "value_error",
            }
        ],
        "code": "validation_error",
    }
    encoded = client.get(
        f"/api/sessions/{session['id']}/boundary",
        params={"resolution": 200, "neurons": "true"},
    )
    assert encoded.status_code == 200
    assert len(encoded.json()["neurons"]) == 8


def test_a_regression_output_that_overflows_is_predicted_as_null(client: TestClient) -> None:
    config = {"data": {"dataset": "plane"}, "network": {"output": "regression", "loss": "mse"}}
    session = client.post("/api/sessions", json=config).json()["id"]
    document = client.get(f"/api/sessions/{session}/export").json()
    document["params"] = [1e308] * len(document["params"])
    huge = client.post("/api/sessions/import", json=document).json()["id"]
    response = client.post(f"/api/sessions/{huge}/predict", json={"points": [[0.0, 0.0]]})
    assert response.status_code == 200
    assert response.json() == {"predictions": [None], "probabilities": None}
