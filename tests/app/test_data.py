from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine import Run
from tests.app.conftest import SMALL_RUN

POINTS = [[-5.0 + 0.5 * i, 3.0 - 0.25 * i, i % 2] for i in range(20)]


def test_points_are_the_engine_split(client: TestClient, session_id: str) -> None:
    response = client.get(f"/api/sessions/{session_id}/points")
    assert response.status_code == 200
    assert response.json() == Run(SMALL_RUN).points()


def test_put_json_points_replaces_the_data(client: TestClient, session_id: str) -> None:
    response = client.put(f"/api/sessions/{session_id}/points", json={"points": POINTS})
    assert response.status_code == 200
    assert response.json()["id"] == session_id
    split = client.get(f"/api/sessions/{session_id}/points").json()
    received = sorted(
        (x[0], x[1], y)
        for part in split.values()
        for x, y in zip(part["X"], part["y"], strict=True)
    )
    assert received == sorted((x1, x2, label) for x1, x2, label in POINTS)


def test_points_without_a_split_are_all_training_points(
    client: TestClient, session_id: str
) -> None:
    client.put(f"/api/sessions/{session_id}/points", json={"points": POINTS})
    split = client.get(f"/api/sessions/{session_id}/points").json()
    assert split == {
        "train": {"X": [[a, b] for a, b, _ in POINTS], "y": [c for _, _, c in POINTS]},
        "val": {"X": [], "y": []},
        "test": {"X": [], "y": []},
    }
    metrics = client.get(f"/api/sessions/{session_id}").json()["metrics"]
    assert metrics["test_loss"] is None and metrics["test_accuracy"] is None


def test_a_4th_item_puts_a_point_in_that_split(client: TestClient, session_id: str) -> None:
    rows = [[0.0, 0.0, 0], [1.0, 1.0, 1, "test"], [2.0, 0.0, 1, "val"], [3.0, 0.0, 0, "train"]]
    response = client.put(f"/api/sessions/{session_id}/points", json={"points": rows})
    assert response.status_code == 200, response.text
    assert client.get(f"/api/sessions/{session_id}/points").json() == {
        "train": {"X": [[0.0, 0.0], [3.0, 0.0]], "y": [0, 0]},
        "val": {"X": [[2.0, 0.0]], "y": [1]},
        "test": {"X": [[1.0, 1.0]], "y": [1]},
    }


def test_points_read_back_and_put_again_round_trip(client: TestClient, session_id: str) -> None:
    before = client.get(f"/api/sessions/{session_id}/points").json()
    rows = [
        [*x, y, name]
        for name, part in before.items()
        for x, y in zip(part["X"], part["y"], strict=True)
    ]
    response = client.put(f"/api/sessions/{session_id}/points", json={"points": rows})
    assert response.status_code == 200
    assert client.get(f"/api/sessions/{session_id}/points").json() == before


def test_csv_rows_train_unless_a_4th_column_names_another_split(
    client: TestClient, session_id: str
) -> None:
    text = "x1,x2,label,split\n" + "".join(f"{i - 4},{i % 3},{i % 2}\n" for i in range(8))
    text += "5,5,1,test\n-5,5,0,val\n"
    response = client.put(
        f"/api/sessions/{session_id}/points", content=text, headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    split = client.get(f"/api/sessions/{session_id}/points").json()
    assert [len(part["y"]) for part in split.values()] == [8, 1, 1]
    assert split["test"]["X"] == [[5.0, 5.0]] and split["val"]["X"] == [[-5.0, 5.0]]


@pytest.mark.parametrize(
    ("payload", "loc", "fragment"),
    [
        ({"points": [[0.0, 0.0, 0, "holdout"], [1.0, 1.0, 1]]}, ["body", "points", 0], "test"),
        ({"points": [[0.0, 0.0, 0, "test"], [1.0, 1.0, 1, "val"]]}, ["body"], "training point"),
    ],
    ids=["unknown split", "no training point"],
)
def test_bad_splits_are_422_naming_the_field(
    client: TestClient,
    session_id: str,
    payload: dict[str, object],
    loc: list[object],
    fragment: str,
) -> None:
    response = client.put(f"/api/sessions/{session_id}/points", json=payload)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][: len(loc)] == loc
    assert any(fragment in item["msg"] for item in detail)


def test_put_csv_points_with_a_header(client: TestClient, session_id: str) -> None:
    text = "x1,x2,label\n" + "".join(f"{a},{b},{c}\n" for a, b, c in POINTS)
    response = client.put(
        f"/api/sessions/{session_id}/points",
        content=text,
        headers={"Content-Type": "text/csv; charset=utf-8"},
    )
    assert response.status_code == 200
    split = client.get(f"/api/sessions/{session_id}/points").json()
    assert sum(len(part["y"]) for part in split.values()) == len(POINTS)


def test_csv_and_json_give_the_same_run(client: TestClient) -> None:
    first = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
    second = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
    client.put(f"/api/sessions/{first}/points", json={"points": POINTS})
    text = "".join(f"{a},{b},{c}\n" for a, b, c in POINTS)
    client.put(f"/api/sessions/{second}/points", content=text, headers={"Content-Type": "text/csv"})
    one = client.post(f"/api/sessions/{first}/step", json={"steps": 20}).json()
    two = client.post(f"/api/sessions/{second}/step", json={"steps": 20}).json()
    assert one == two


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "rows"),
        ("1,2\n", "line 1"),
        ("1,2,0\n1,x,1\n", "line 2"),
        ("1,2,0\n9,2,1\n", "box"),
        ("1,2,0\n1,2,7\n", "label"),
    ],
)
def test_bad_csv_is_422_with_the_reason(
    client: TestClient, session_id: str, text: str, fragment: str
) -> None:
    response = client.put(
        f"/api/sessions/{session_id}/points", content=text, headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 422
    assert fragment in response.json()["detail"][0]["msg"]


def test_non_utf8_csv_is_422(client: TestClient, session_id: str) -> None:
    response = client.put(
        f"/api/sessions/{session_id}/points",
        content=b"\xff\xfe1,2,0",
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "the CSV must be UTF-8 text"


def test_too_many_csv_points_is_422(client: TestClient, session_id: str) -> None:
    text = "0,0,0\n0,1,1\n" * 1001
    response = client.put(
        f"/api/sessions/{session_id}/points", content=text, headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "at most 2000 points are accepted, got 2002"


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        ({"points": [[0.0, 0.0, 0]]}, ["body", "points"]),
        ({"points": [[0.0, 0.0], [1.0, 1.0]]}, ["body", "points", 0, 2]),
        ({"points": [[0.0, 7.0, 0], [1.0, 1.0, 1]]}, ["body", "points", 0, 1]),
        ({"points": [[0.0, 0.0, True], [1.0, 1.0, 1]]}, ["body", "points", 0, 2]),
        ({"dots": []}, ["body", "points"]),
    ],
)
def test_bad_json_points_are_422_naming_the_field(
    client: TestClient, session_id: str, payload: dict[str, object], loc: list[object]
) -> None:
    response = client.put(f"/api/sessions/{session_id}/points", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


def test_malformed_json_points_are_422(client: TestClient, session_id: str) -> None:
    response = client.put(
        f"/api/sessions/{session_id}/points",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_points_of_another_media_type_are_415(client: TestClient, session_id: str) -> None:
    response = client.put(
        f"/api/sessions/{session_id}/points",
        content=b"1,2,0",
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 415
    assert response.json() == {
        "detail": "unsupported Content-Type 'text/plain': send one of application/json, text/csv",
        "code": "unsupported_media_type",
    }


def test_edit_one_weight(client: TestClient, session_id: str) -> None:
    response = client.put(
        f"/api/sessions/{session_id}/weights",
        json={"layer": 0, "row": 1, "col": 0, "value": 2.5},
    )
    assert response.status_code == 200
    run = Run(SMALL_RUN)
    run.set_weight(0, 1, 0, 2.5)
    assert response.json()["metrics"]["train_loss"] == pytest.approx(run.metrics()["train_loss"])
    exported = client.get(f"/api/sessions/{session_id}/export").json()
    assert exported == run.to_dict()


def test_edit_a_bias_with_col_null(client: TestClient, session_id: str) -> None:
    response = client.put(
        f"/api/sessions/{session_id}/weights",
        json={"layer": 1, "row": 0, "col": None, "value": -1.0},
    )
    assert response.status_code == 200
    run = Run(SMALL_RUN)
    run.set_weight(1, 0, None, -1.0)
    assert client.get(f"/api/sessions/{session_id}/export").json() == run.to_dict()


@pytest.mark.parametrize(
    ("payload", "loc", "fragment"),
    [
        ({"layer": 5, "row": 0, "col": 0, "value": 1.0}, ["body"], "layer"),
        ({"layer": 0, "row": 9, "col": 0, "value": 1.0}, ["body"], "row"),
        ({"layer": 0, "row": 0, "col": 9, "value": 1.0}, ["body"], "col"),
        ({"layer": 0, "row": 0, "col": 0, "value": 1e9}, ["body", "value"], "less than"),
        ({"layer": 0, "row": 0, "col": 0}, ["body", "value"], "Field required"),
        ({"layer": -1, "row": 0, "col": 0, "value": 1.0}, ["body", "layer"], "greater than"),
    ],
)
def test_bad_weight_edits_are_422(
    client: TestClient, session_id: str, payload: dict[str, object], loc: list[str], fragment: str
) -> None:
    response = client.put(f"/api/sessions/{session_id}/weights", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
    assert fragment in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"0","0","0"\n1,1,1\n', [[0.0, 0.0], [1.0, 1.0]]),
        ('"x1","x2","label"\n"1.5","-2","1"\n0,0,0\n', [[1.5, -2.0], [0.0, 0.0]]),
    ],
    ids=["quoted numbers are data", "quoted header and numbers"],
)
def test_csv_quoted_first_lines(
    client: TestClient, session_id: str, text: str, expected: list[list[float]]
) -> None:
    response = client.put(
        f"/api/sessions/{session_id}/points", content=text, headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    points = client.get(f"/api/sessions/{session_id}/points").json()
    every = sorted(x for split in points.values() for x in split["X"])
    assert every == sorted(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "0;0;0\n1;1;1\n",
            "line 1: expected 3 values x1,x2,label (and optionally a split) separated by "
            "commas, got 1; ",
        ),
        ("1_0,0,0\n1,1,1\n", "line 1: '1_0' is not a number"),
        ("1,1,1\n0,\u0661,0\n", "line 2: '\u0661' is not a number"),
        ("1,1,1\n0,inf,0\n", "line 2: 'inf' is not a number"),
        ("1,1,1\n\n0,0\n", "line 3: expected 3 values"),
    ],
    ids=["semicolons", "underscore", "arabic-indic digit", "inf", "short line"],
)
def test_csv_quirks_are_422_naming_the_line(
    client: TestClient, session_id: str, text: str, message: str
) -> None:
    response = client.put(
        f"/api/sessions/{session_id}/points",
        content=text.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body"]
    assert error["msg"].startswith(message)
