"""Answers keep to the OpenAPI contract: errors at the right place, what the schema allows
is accepted, what it forbids is refused."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.app.conftest import DIVERGING


@pytest.mark.parametrize(("label", "problem"), [(0.5, "got 0.5"), (7, "got 7")])
def test_a_bad_trace_label_is_reported_at_the_query(
    client: TestClient, session_id: str, label: float, problem: str
) -> None:
    response = client.get(
        f"/api/sessions/{session_id}/trace", params={"x1": 0.0, "x2": 0.0, "label": label}
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "label"]
    assert problem in error["msg"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "", {"random_state": 7.0, "data": {"n_samples": 50.0}}),
        ("PATCH", "/{id}", {"network": {"hidden_layer_sizes": [3.0, 2.0]}}),
        ("POST", "/{id}/step", {"steps": 2.0}),
        ("POST", "/{id}/reset", {"random_state": 3.0}),
        ("PUT", "/{id}/weights", {"layer": 0.0, "row": 1.0, "col": 0.0, "value": 0.5}),
    ],
)
def test_a_whole_float_is_an_integer_as_json_schema_says(
    client: TestClient, session_id: str, method: str, path: str, body: dict[str, Any]
) -> None:
    url = "/api/sessions" + path.format(id=session_id)
    response = client.request(method, url, json=body)
    assert response.status_code in (200, 201), response.text


def test_a_fraction_is_still_not_an_integer(client: TestClient) -> None:
    response = client.post("/api/sessions", json={"random_state": 7.5})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "random_state"]


def test_the_step_schema_asks_for_exactly_one_amount(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["StepRequest"]
    assert schema["oneOf"] == [{"required": ["steps"]}, {"required": ["epochs"]}]
    assert schema["properties"]["steps"]["type"] == "integer"
    assert schema["properties"]["epochs"]["maximum"] == 1000


def test_an_export_whose_weights_grew_past_the_edit_bound_imports(client: TestClient) -> None:
    """PUT /weights bounds what a person types (|w| <= 1000); training may go further (an
    exploding run stops with weights of some hundreds; one saved by an older version just
    before it diverged held weights near 1e155), and every export must load."""
    session = client.post("/api/sessions", json=DIVERGING).json()["id"]
    client.post(f"/api/sessions/{session}/step", json={"steps": 50})
    document = client.get(f"/api/sessions/{session}/export").json()
    document["params"] = [w * 1e150 for w in document["params"]]
    assert max(abs(w) for w in document["params"]) > 1000
    assert client.post("/api/sessions/import", json=document).status_code == 201


@pytest.mark.parametrize("version", [True, 1.0, "1"])
def test_an_import_with_a_version_that_is_not_the_integer_1_is_422(
    client: TestClient, session_id: str, version: object
) -> None:
    document = client.get(f"/api/sessions/{session_id}/export").json()
    response = client.post("/api/sessions/import", json={**document, "version": version})
    assert response.status_code == 422
    assert "expected 1" in response.json()["detail"][0]["msg"]
