"""GET /api/datasets/samples: a small, fixed sample of every dataset, cacheable and session-free."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.routes import datasets as datasets_route
from app.core import limits
from engine.datasets import DATASETS


def test_samples_hold_n_points_of_every_dataset_in_table_order(client: TestClient) -> None:
    response = client.get("/api/datasets/samples", params={"n": 40})
    assert response.status_code == 200
    body = response.json()
    assert body["n"] == 40
    assert body["seed"] == 0
    assert [d["name"] for d in body["datasets"]] == list(DATASETS)
    for sample in body["datasets"]:
        spec = DATASETS[sample["name"]]
        assert sample["kind"] == spec.kind
        assert len(sample["points"]) == 40
        assert all(len(row) == 3 for row in sample["points"])
        assert all(abs(x1) <= 6 and abs(x2) <= 6 for x1, x2, _ in sample["points"])
        if spec.kind == "classification":
            labels = {label for _, _, label in sample["points"]}
            assert labels == set(range(sample["n_classes"]))
        else:
            assert sample["n_classes"] == 0


def test_a_dataset_that_takes_a_class_count_is_shown_with_three_classes(
    client: TestClient,
) -> None:
    body = client.get("/api/datasets/samples").json()
    by_name = {d["name"]: d for d in body["datasets"]}
    assert by_name["spiral"]["n_classes"] == 3
    assert by_name["xor"]["n_classes"] == 2
    assert body["n"] == limits.DEFAULT_SAMPLE_POINTS


def test_samples_are_the_same_every_time_even_when_drawn_again(client: TestClient) -> None:
    first = client.get("/api/datasets/samples", params={"n": 30})
    again = client.get("/api/datasets/samples", params={"n": 30})
    datasets_route._encoded.cache_clear()  # draw them again from the generators
    redrawn = client.get("/api/datasets/samples", params={"n": 30})
    assert first.content == again.content == redrawn.content
    assert first.headers["etag"] == again.headers["etag"] == redrawn.headers["etag"]
    other = client.get("/api/datasets/samples", params={"n": 31})
    assert other.headers["etag"] != first.headers["etag"]


def test_samples_are_cacheable_and_answer_304_to_their_etag(client: TestClient) -> None:
    response = client.get("/api/datasets/samples")
    assert response.headers["cache-control"] == f"public, max-age={limits.SAMPLES_MAX_AGE}"
    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    cached = client.get("/api/datasets/samples", headers={"If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.content == b""
    assert cached.headers["etag"] == etag
    stale = client.get("/api/datasets/samples", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200


def test_samples_create_no_session(client: TestClient) -> None:
    client.get("/api/datasets/samples", params={"n": 12})
    assert len(client.app.state.store) == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("n", "fragment"),
    [
        (limits.MIN_SAMPLE_POINTS - 1, f"greater than or equal to {limits.MIN_SAMPLE_POINTS}"),
        (limits.MAX_SAMPLE_POINTS + 1, f"less than or equal to {limits.MAX_SAMPLE_POINTS}"),
        ("many", "valid integer"),
    ],
)
def test_a_sample_size_out_of_bounds_is_422_naming_n(
    client: TestClient, n: object, fragment: str
) -> None:
    response = client.get("/api/datasets/samples", params={"n": n})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    error = body["detail"][0]
    assert error["loc"] == ["query", "n"]
    assert fragment in error["msg"]
