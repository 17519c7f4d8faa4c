"""Sweeps on a person's own points over REST: every run trains on them, a cell opened as a
session holds them, bad rows are 422 naming `points` and the row, and they are stored with the
sweep (a new app on the same database file opens a cell on the same points)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from app.sessions.encoding import jsonable
from engine.sweeps import run_sweep
from tests.app.sweeps import wait_for_status

POINTS: list[list[Any]] = [
    [-4.0, -3.0, 0],
    [-3.5, 2.0, 0],
    [-2.0, -1.0, 0],
    [-1.0, 3.5, 0, "val"],
    [-2.5, 0.5, 0, "test"],
    [4.0, 3.0, 1],
    [3.5, -2.0, 1],
    [2.0, 1.0, 1],
    [1.0, -3.5, 1, "val"],
    [2.5, -0.5, 1, "test"],
]
SWEEP: dict[str, Any] = {
    "base": {"network": {"hidden_layer_sizes": [3]}},
    "grid": {"training.learning_rate": [0.03, 0.3]},
    "seeds": 2,
    "budget": {"epochs": 5},
    "curve_points": 2,
    "thumbnail": 6,
    "points": POINTS,
}


def _settings(**changes: Any) -> Settings:
    return Settings(sweep_workers=2, **changes)


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(_settings())) as test_client:
        yield test_client


def _finished(client: TestClient, body: dict[str, Any]) -> tuple[str, Any]:
    response = client.post("/api/sweeps", json=body)
    assert response.status_code == 202, response.text
    sweep_id = response.json()["id"]
    answer = wait_for_status(client, sweep_id)
    assert answer["status"] == "done", answer
    return sweep_id, answer


def _rows(points: dict[str, Any]) -> list[list[Any]]:
    """A session's points as sorted [x1, x2, label, split] rows."""
    return sorted(
        [*x, label, split]
        for split, part in points.items()
        for x, label in zip(part["X"], part["y"], strict=True)
    )


EXPECTED = sorted([row[0], row[1], row[2], row[3] if len(row) == 4 else "train"] for row in POINTS)


def test_a_points_sweep_answers_the_engines_numbers_on_those_points(client: TestClient) -> None:
    _, answer = _finished(client, SWEEP)
    expected = jsonable(run_sweep(SWEEP))
    assert answer["metric"] == "val_loss"
    for cell, reference in zip(answer["cells"], expected["cells"], strict=True):
        assert [run["final"] for run in cell["runs"]] == [r.final for r in reference["runs"]]
    plain = jsonable(run_sweep({**SWEEP, "points": None}))
    assert [c["val_loss"] for c in answer["cells"]] != [c["val_loss"] for c in plain["cells"]]


def test_a_cell_opened_from_a_points_sweep_holds_those_points(client: TestClient) -> None:
    sweep_id, answer = _finished(client, SWEEP)
    response = client.post(f"/api/sweeps/{sweep_id}/cells/1/open")
    assert response.status_code == 201, response.text
    session = response.json()
    assert _rows(client.get(f"/api/sessions/{session['id']}/points").json()) == EXPECTED
    best = min(answer["cells"][1]["runs"], key=lambda run: run["final"]["val_loss"])
    assert session["metrics"]["val_loss"] == best["final"]["val_loss"]


def test_the_points_are_stored_with_the_sweep(tmp_path: Path) -> None:
    settings = _settings(db=str(tmp_path / "playground.db"))
    with TestClient(create_app(settings)) as first:
        sweep_id, answer = _finished(first, SWEEP)
    with TestClient(create_app(settings)) as again:
        assert again.get(f"/api/sweeps/{sweep_id}").json()["cells"] == answer["cells"]
        session = again.post(f"/api/sweeps/{sweep_id}/cells/0/open").json()
        assert _rows(again.get(f"/api/sessions/{session['id']}/points").json()) == EXPECTED


@pytest.mark.parametrize(
    ("points", "loc", "words"),
    [
        ([[1.0, 2.0, 0], [1.0, 7.0, 1]], ["body", "points", 1, 1], "less than or equal to 6"),
        ([[1.0, 2.0, 0], [1.0, 2.0, 1, "holdout"]], ["body", "points", 1, 3], "'train'"),
        ([[1.0, 2.0, 0], [1.0, 2.0]], ["body", "points", 1, 2], "Field required"),
        ([[1.0, 2.0, 0]], ["body", "points"], "at least 2 items"),
        ([[1.0, 2.0, 0], [1.0, 2.0, 2]], ["body", "points"], "binary output needs labels"),
        ([[1.0, 2.0, 0], [1.0, 2.0, 0.5]], ["body", "points"], "label of point 1"),
        ([[1.0, 2.0, 0, "val"], [1.0, 2.0, 1, "test"]], ["body", "points"], "training point"),
    ],
)
def test_bad_points_are_422_naming_points_and_the_row(
    client: TestClient, points: list[Any], loc: list[Any], words: str
) -> None:
    response = client.post("/api/sweeps", json={**SWEEP, "points": points})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "validation_error"
    item = body["detail"][0]
    assert item["loc"] == loc and words in item["msg"], item


def test_more_points_than_a_session_takes_are_refused(client: TestClient) -> None:
    many = [[0.001 * i, 0.0, i % 2] for i in range(2001)]
    response = client.post("/api/sweeps", json={**SWEEP, "points": many})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "points"]
