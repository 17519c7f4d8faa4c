"""Tests for validating user points and reading them from CSV text."""

from __future__ import annotations

import numpy as np
import pytest

from engine.points import MAX_POINTS, parse_csv, validate_points, validate_splits

GOOD_X = [[0.0, 1.0], [-6.0, 6.0], [2.5, -3.0]]


def test_valid_classification_points_come_back_as_arrays() -> None:
    X, y = validate_points(GOOD_X, [0, 1, 1], "classification")
    assert X.dtype == np.float64 and X.shape == (3, 2)
    assert y.dtype == np.int64 and y.tolist() == [0, 1, 1]
    np.testing.assert_array_equal(X, GOOD_X)


def test_integral_float_labels_are_accepted_as_classes() -> None:
    _, y = validate_points(np.array(GOOD_X), np.array([2.0, 0.0, 1.0]), "classification")
    assert y.dtype == np.int64 and y.tolist() == [2, 0, 1]


def test_regression_targets_stay_floats() -> None:
    _, y = validate_points(GOOD_X, [0.25, -1.5, 3], "regression")
    assert y.dtype == np.float64 and y.tolist() == [0.25, -1.5, 3.0]


def test_returned_arrays_are_copies() -> None:
    X_in = np.array(GOOD_X)
    X, _ = validate_points(X_in, [0, 1, 0], "classification")
    X[0, 0] = 5.0
    assert X_in[0, 0] == 0.0


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        ([[0.0, 1.0, 2.0], [1.0, 1.0, 1.0]], [0, 1], r"shape \(n, 2\)"),
        ([0.0, 1.0], [0, 1], r"shape \(n, 2\)"),
        ([[0.0, 1.0]], [0], "between 2 and"),
        ([[0.0, 1.0], [0.0]], [0, 1], "regular array of numbers"),
        ([["a", "b"], ["c", "d"]], [0, 1], "points must contain only numbers"),
        ([[True, False], [False, True]], [0, 1], "points must contain only numbers"),
        ([[0.0, np.nan], [1.0, 1.0]], [0, 1], "point 0 has a coordinate that is NaN or infinite"),
        ([[0.0, 0.0], [1.0, np.inf]], [0, 1], "point 1 has a coordinate that is NaN or infinite"),
        ([[0.0, 0.0], [6.5, 1.0]], [0, 1], r"point 1 = \(6.5, 1\) lies outside the box.*\[-6, 6\]"),
        ([[0.0, -7.0], [1.0, 1.0]], [0, 1], "point 0 .* outside the box"),
        (GOOD_X, [0, 1], r"labels must have shape \(3,\), one per point"),
        (GOOD_X, [[0], [1], [1]], r"labels must have shape \(3,\)"),
        (GOOD_X, [0, 0.5, 1], "label of point 1 is 0.5; class labels are integers"),
        (GOOD_X, [0, 1, np.nan], "label of point 2 is nan; class labels are integers"),
        (GOOD_X, [0, -1, 1], r"label of point 1 is -1; class labels must be in 0\.\.7"),
        (GOOD_X, [0, 8, 1], r"label of point 1 is 8; class labels must be in 0\.\.7"),
        (GOOD_X, ["0", "1", "1"], "labels must contain only numbers"),
    ],
)
def test_bad_classification_input_raises(X: object, y: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_points(X, y, "classification")


def test_labels_are_checked_against_n_classes_max() -> None:
    validate_points(GOOD_X, [0, 1, 2], "classification", n_classes_max=3)
    with pytest.raises(ValueError, match=r"class labels must be in 0\.\.1"):
        validate_points(GOOD_X, [0, 1, 2], "classification", n_classes_max=2)


def test_too_many_points_raise() -> None:
    X = np.zeros((11, 2))
    with pytest.raises(ValueError, match="need between 2 and 10 points, got 11"):
        validate_points(X, np.zeros(11), "classification", max_points=10)
    assert MAX_POINTS >= 1000


def test_non_finite_regression_target_raises() -> None:
    with pytest.raises(ValueError, match="regression targets must be finite"):
        validate_points(GOOD_X, [0.0, np.inf, 1.0], "regression")


@pytest.mark.parametrize("kind", ["binary", "", "Classification"])
def test_unknown_kind_raises(kind: str) -> None:
    with pytest.raises(ValueError, match="kind must be one of classification, regression"):
        validate_points(GOOD_X, [0, 1, 0], kind)


@pytest.mark.parametrize("bad", [0, -1, True, 2.0])
def test_bad_n_classes_max_raises(bad: object) -> None:
    with pytest.raises(ValueError, match="n_classes_max must be a positive integer"):
        validate_points(GOOD_X, [0, 1, 0], "classification", n_classes_max=bad)  # type: ignore[arg-type]


def test_points_without_splits_all_train() -> None:
    assert validate_splits(None, 3).tolist() == [0, 0, 0]


def test_named_splits_become_codes() -> None:
    assert validate_splits(["train", "test", "val", "train"], 4).tolist() == [0, 2, 1, 0]


@pytest.mark.parametrize(
    ("splits", "message"),
    [
        (["train", "holdout"], "split of point 1 is 'holdout'; choose one of train, val, test"),
        (["train"], "one name per point"),
        (["test", "val"], "at least one point must be a training point"),
    ],
)
def test_bad_splits_are_refused(splits: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_splits(splits, 2)


def test_parse_csv_without_header() -> None:
    X, y, _ = parse_csv("1.5,-2,1\n0,0,0\n")
    np.testing.assert_array_equal(X, [[1.5, -2.0], [0.0, 0.0]])
    np.testing.assert_array_equal(y, [1.0, 0.0])
    assert X.dtype == np.float64 and y.dtype == np.float64


def test_parse_csv_with_header_blank_lines_spaces_crlf_and_bom() -> None:
    text = "\ufeffx1, x2, label\r\n\r\n 1 , 2 , 0 \r\n3,4,1\r\n\n"
    X, y, _ = parse_csv(text)
    np.testing.assert_array_equal(X, [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(y, [0.0, 1.0])


def test_parsed_csv_passes_validation() -> None:
    X, y, _ = parse_csv("x1,x2,label\n1,2,0\n-3,4,1\n")
    _, y = validate_points(X, y, "classification")
    assert y.dtype == np.int64 and y.tolist() == [0, 1]


def test_csv_points_are_training_points_unless_a_4th_column_says_otherwise() -> None:
    text = "x1,x2,label,split\n1,2,0\n3,4,1,test\n5,5,0,Validation\n0,0,1,\n1,1,1,train\n"
    X, y, splits = parse_csv(text)
    assert len(X) == len(y) == 5
    assert splits == ["train", "test", "val", "train", "train"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no data rows"),
        ("x1,x2,label\n", "no data rows"),
        ("1,2,0\n3,4\n", "line 2: expected 3 values x1,x2,label .*separated by commas, got 2"),
        ("x1,x2,label\n1,2,0\n\n3,4,1,5\n", "line 4: the 4th value '5' is not a split"),
        ("1,2,0\n3,4,1,test,5\n", "line 2: expected 3 values .* got 5"),
        ("1,2,0\nx1,x2,label\n", "line 2: 'x1' is not a number"),
        ("1,2,0\n1,abc,1\n", "line 2: 'abc' is not a number"),
        ("1,2,0\n1,,1\n", "line 2: '' is not a number"),
        ("1,2,0\n1,1e999,1\n", "line 2: '1e999' is not a finite number"),
        ('1,2,0\n1,"2,1\n', "line 2: unexpected end of data"),
    ],
)
def test_bad_csv_names_the_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_csv(text)


@pytest.mark.parametrize(
    "first",
    ['"0","0","0"', '"1.5", "-2", "1"', "0,0,0", "+0., .0, 0e0"],
    ids=["quoted zeros", "quoted with spaces", "zeros", "other notations"],
)
def test_a_first_line_of_numbers_is_data_not_a_header(first: str) -> None:
    X, _, _ = parse_csv(f"{first}\n1,1,1\n")
    assert len(X) == 2


@pytest.mark.parametrize("header", ["x1,x2,label", '"x1","x2","label"', "a, b, c", "x,y,class 2"])
def test_a_first_line_with_no_number_is_a_header(header: str) -> None:
    X, y, _ = parse_csv(f"{header}\n1,2,0\n")
    np.testing.assert_array_equal(X, [[1.0, 2.0]])
    np.testing.assert_array_equal(y, [0.0])


@pytest.mark.parametrize(
    ("first", "message"),
    [
        ("0;0;0", "line 1: expected 3 values .* got 1; ';' is not a separator here, use commas"),
        ("x1;x2;label", "line 1: expected 3 values .* got 1; ';' is not a separator"),
        ("x1,x2", "line 1: expected 3 values .* got 2"),
        ("x1,2,label", "line 1: 'x1' is not a number"),
        ("0 0 0", "line 1: expected 3 values .* got 1"),
    ],
)
def test_a_first_line_that_is_neither_header_nor_data_names_line_1(
    first: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        parse_csv(f"{first}\n1,1,1\n")


@pytest.mark.parametrize(
    "field",
    [
        "1_0",
        "\u0661",  # Arabic-Indic one
        "\u0661\u0660",
        "\uff11",  # full-width one
        "\u00b2",  # superscript two
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        "0x10",
        "1,5",
        "1.5.1",
        "e3",
        "1e",
        "--1",
        "\u22121",  # minus sign
    ],
)
def test_only_plain_ascii_numbers_are_read(field: str) -> None:
    written = f'"{field}"' if "," in field else field
    with pytest.raises(ValueError, match=r"line 2: .* is not a (finite )?number"):
        parse_csv(f"1,1,1\n0,{written},0\n")
    with pytest.raises(ValueError, match=r"line 1: .* is not a (finite )?number"):
        parse_csv(f"0,0,{written}\n1,1,1\n")


@pytest.mark.parametrize(
    ("field", "value"),
    [("1", 1.0), ("-1.5", -1.5), ("+2.", 2.0), (".5", 0.5), ("1e3", 1e3), ("2E-3", 2e-3)],
)
def test_plain_numbers_in_every_notation_are_read(field: str, value: float) -> None:
    X, _, _ = parse_csv(f"{field},0,1\n")
    assert X[0, 0] == value
