"""The request schema, `GET /api/options` and the engine agree on every config bound."""

from __future__ import annotations

import math
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.schemas.config import RunConfigIn, field_bounds
from engine.checks import MAX_DECAY
from engine.config import RunConfig

# Fields bounded together with a partner: the partner is set to its smallest value.
PARTNERS: dict[str, dict[str, Any]] = {
    "data.train_ratio": {"val_ratio": 0.0},
    "data.val_ratio": {"train_ratio": math.nextafter(0.0, 1.0)},
}


def _extremes() -> list[tuple[str, float]]:
    """Each end of each declared range, moved just inside where the end is excluded."""
    found = []
    for path, bounds in field_bounds().items():
        for end, inward in (("min", math.inf), ("max", -math.inf)):
            value = bounds[end]
            if value is None:
                continue
            if bounds[f"exclusive_{end}"]:
                value = math.nextafter(value, inward)
            found.append((path, value))
    return found


def _config(path: str, value: float) -> dict[str, Any]:
    section, _, name = path.rpartition(".")
    if not section:
        return {name: value}
    return {section: {name: value, **PARTNERS.get(path, {})}}


@pytest.mark.parametrize(("path", "value"), _extremes())
def test_every_value_the_schema_allows_the_engine_accepts(path: str, value: float) -> None:
    config = _config(path, value)
    RunConfigIn.model_validate(config)
    RunConfig.from_dict(config)


@pytest.mark.parametrize("name", ["beta_1", "beta_2", "rho"])
def test_decay_factors_have_one_bound_everywhere(client: TestClient, name: str) -> None:
    bounds = client.get("/api/options").json()["bounds"][f"training.{name}"]
    assert bounds == {"min": 0.0, "max": MAX_DECAY, "exclusive_min": False, "exclusive_max": False}
    session = client.post("/api/sessions", json={"training": {name: MAX_DECAY}})
    assert session.status_code == 201, session.text
    beyond = math.nextafter(MAX_DECAY, 1.0)
    refused = client.post("/api/sessions", json={"training": {name: beyond}})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "training", name]
