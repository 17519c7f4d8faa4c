"""GET /api/activations/{name}/curve: the engine's samples of an activation at a chosen slope."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from engine import options as engine_options
from engine.activations import ACTIVATIONS, get_activation
from engine.config import NetworkConfig

URL = "/api/activations/{}/curve"


@pytest.mark.parametrize("slope", [0.1, 0.5, 0.0, 1.0])
def test_leaky_relu_is_sampled_by_the_engine_at_the_slope_asked_for(
    client: TestClient, slope: float
) -> None:
    response = client.get(URL.format("leaky_relu"), params={"leaky_slope": slope})
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["leaky_slope"]) == ("leaky_relu", slope)
    assert {key: body[key] for key in ("z", "g", "dg")} == engine_options.activation_curve(
        "leaky_relu", slope
    )
    z = np.array(body["z"])
    assert len(z) == engine_options.CURVE_POINTS
    activation = get_activation("leaky_relu", slope)
    np.testing.assert_allclose(body["g"], activation(z), rtol=1e-5, atol=1e-300)
    np.testing.assert_allclose(body["dg"], activation.grad(z), rtol=1e-5, atol=1e-300)
    negative = z < 0
    np.testing.assert_allclose(np.array(body["g"])[negative], slope * z[negative], rtol=1e-5)
    assert set(np.array(body["dg"])[negative]) == {slope}


def test_exact_samples_at_slope_one_tenth(client: TestClient) -> None:
    body = client.get(URL.format("leaky_relu"), params={"leaky_slope": 0.1}).json()
    assert (body["z"][0], body["g"][0], body["dg"][0]) == (-5.0, -0.5, 0.1)
    assert (body["z"][60], body["g"][60], body["dg"][60]) == (0.0, 0.0, 0.1)
    assert (body["z"][-1], body["g"][-1], body["dg"][-1]) == (5.0, 5.0, 1.0)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_without_a_slope_it_is_the_curve_of_the_options(client: TestClient, name: str) -> None:
    [entry] = [a for a in client.get("/api/options").json()["ACTIVATIONS"] if a["name"] == name]
    body = client.get(URL.format(name)).json()
    assert body == {"name": name, "leaky_slope": NetworkConfig().leaky_slope, **entry["curve"]}


def test_other_activations_ignore_the_slope(client: TestClient) -> None:
    body = client.get(URL.format("tanh"), params={"leaky_slope": 0.1}).json()
    assert {key: body[key] for key in ("z", "g", "dg")} == engine_options.activation_curve("tanh")


def test_an_unknown_activation_is_422_listing_the_choices(client: TestClient) -> None:
    response = client.get(URL.format("swish"), params={"leaky_slope": 0.1})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["path", "name"], "value_error")
    assert error["msg"] == f"unknown activation 'swish'; choose one of: {', '.join(ACTIVATIONS)}"


@pytest.mark.parametrize(
    ("slope", "fragment"),
    [
        ("-0.01", "greater than or equal to 0"),
        ("1.01", "less than or equal to 1"),
        ("nan", "finite number"),
        ("inf", "finite number"),
        ("abc", "valid number"),
        ("", "valid number"),
    ],
)
def test_a_slope_out_of_range_is_422_naming_the_field(
    client: TestClient, slope: str, fragment: str
) -> None:
    response = client.get(URL.format("leaky_relu"), params={"leaky_slope": slope})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "leaky_slope"]
    assert fragment in error["msg"]


def test_the_slope_has_the_bounds_of_the_config_field(client: TestClient) -> None:
    bounds = client.get("/api/options").json()["bounds"]["network.leaky_slope"]
    operation = client.get("/openapi.json").json()["paths"]["/api/activations/{name}/curve"]["get"]
    [slope] = [p for p in operation["parameters"] if p["name"] == "leaky_slope"]
    assert (slope["schema"]["minimum"], slope["schema"]["maximum"]) == (
        bounds["min"],
        bounds["max"],
    )
    assert not bounds["exclusive_min"] and not bounds["exclusive_max"]
    assert slope["schema"]["default"] == NetworkConfig().leaky_slope
    [name] = [p for p in operation["parameters"] if p["name"] == "name"]
    assert name["schema"]["enum"] == list(ACTIVATIONS)
    assert operation["description"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ActivationCurveAt"
    }
