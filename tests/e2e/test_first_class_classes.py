"""Several classes without raw errors: the page keeps the class count and the output consistent
itself, in one request where it can, and says what it did in a plain sentence."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, Request, expect

pytestmark = pytest.mark.e2e

RULES = "import('/static/js/rules.js')"


def changes_sent(page: Page) -> list[str]:
    """Record the method of every request that changes the run (PATCH / PUT) from now on."""
    sent: list[str] = []

    def record(request: Request) -> None:
        if request.method in ("PATCH", "PUT") and "/api/sessions/" in request.url:
            sent.append(request.method)

    page.on("request", record)
    return sent


def pick_spiral_binary(page: Page) -> None:
    page.click(".dataset[data-name='spiral']")
    page.wait_for_function(
        "window.playground.config.data.dataset === 'spiral'"
        " && window.playground.config.network.output === 'binary'"
    )


def set_class_count(page: Page, k: int) -> None:
    page.fill("#n-classes", str(k))
    page.press("#n-classes", "Enter")


def test_three_classes_on_a_binary_spiral_switch_to_softmax_in_one_request(page: Page) -> None:
    pick_spiral_binary(page)
    sent = changes_sent(page)
    set_class_count(page, 3)
    page.wait_for_function(
        "window.playground.config.data.n_classes === 3"
        " && window.playground.config.network.output === 'multiclass'"
        " && window.playground.latest?.grid?.channels === 3"
    )
    assert sent == ["PATCH"]
    toast = page.locator("#toast")
    expect(toast).to_have_text(
        "Three classes need one output per class, so the output is now softmax."
    )
    expect(toast).not_to_have_class("toast error")
    expect(page.locator("#output-kind")).to_have_value("multiclass")
    expect(page.locator(".class-button")).to_have_count(3)


def test_going_back_to_two_classes_offers_the_binary_output(page: Page) -> None:
    pick_spiral_binary(page)
    set_class_count(page, 4)
    page.wait_for_function("window.playground.config.data.n_classes === 4")
    set_class_count(page, 2)
    page.wait_for_function(
        "window.playground.config.data.n_classes === 2"
        " && window.playground.config.network.output === 'multiclass'"
    )
    toast = page.locator("#toast")
    expect(toast).to_contain_text("binary")
    expect(toast).not_to_have_class("toast error")
    expect(page.locator(".class-button")).to_have_count(2)


def test_a_csv_with_three_labels_becomes_a_three_class_problem(page: Page) -> None:
    rows = [(-4 + 0.5 * i, 1.0 - 0.25 * i, i % 3) for i in range(12)]
    csv = "x1,x2,label\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)
    page.set_input_files(
        "#csv", files=[{"name": "three.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.wait_for_function(
        "window.playground.allPoints().length === 12"
        " && window.playground.config.network.output === 'multiclass'"
    )
    toast = page.locator("#toast")
    expect(toast).to_have_text(
        "Loaded 12 points. Three classes need one output per class, so the output is now softmax."
    )
    expect(toast).not_to_have_class("toast error")
    expect(page.locator(".class-button")).to_have_count(3)
    page.wait_for_function("window.playground.latest?.grid?.channels === 3")


def rule(page: Page, name: str, *args: Any) -> Any:
    """Call the page's pure rule `name` (static/js/rules.js) with `args`."""
    return page.evaluate(f"(args) => {RULES}.then((r) => r.{name}(...args))", list(args))


SPIRAL_TABLES = {
    "datasets": [
        {"name": "spiral", "kind": "classification", "uses_n_classes": True, "max_classes": 6}
    ]
}


def spiral(output: str, k: int, loss: str = "cross_entropy") -> dict[str, Any]:
    return {
        "data": {"dataset": "spiral", "n_classes": k},
        "network": {"output": output, "loss": loss},
    }


def test_the_class_count_rule_is_a_pure_function_of_the_config(page: Page) -> None:
    up = rule(page, "classCountChanges", SPIRAL_TABLES, spiral("binary", 2), 3)
    assert up == {
        "changes": {
            "data": {"n_classes": 3},
            "network": {"output": "multiclass", "loss": "cross_entropy"},
        },
        "note": {"key": "softmax", "classes": 3},
    }
    down = rule(page, "classCountChanges", SPIRAL_TABLES, spiral("multiclass", 3), 2)
    assert down == {
        "changes": {"data": {"n_classes": 2}},
        "note": {"key": "binaryFits", "classes": 2},
    }
    same = rule(page, "classCountChanges", SPIRAL_TABLES, spiral("multilabel", 3), 5)
    assert same == {"changes": {"data": {"n_classes": 5}}, "note": None}
    labels = rule(page, "labelChanges", SPIRAL_TABLES, spiral("binary", 2, "mse"), 4)
    assert labels == {
        "changes": {"network": {"output": "multiclass", "loss": "mse"}},
        "note": {"key": "softmax", "classes": 4},
    }
    regression = {"network": {"output": "regression", "loss": "mse"}}
    assert rule(page, "labelChanges", SPIRAL_TABLES, regression, 4) == {
        "changes": None,
        "note": None,
    }


def test_the_class_count_of_a_csv_is_read_from_its_label_column(page: Page) -> None:
    assert rule(page, "csvClassCount", "x1,x2,label\n1,2,0\n-1,0.5,2\n\n3,3,1\n") == 3
    assert rule(page, "csvClassCount", "1,2,0\r\n2,1,1\r\n") == 2
    assert rule(page, "csvClassCount", "1,2,0.5\n2,1,1\n") is None
    assert rule(page, "csvClassCount", "not a csv") is None
