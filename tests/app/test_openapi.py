"""The OpenAPI schema documents every field and parameter, with an example for each value."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

FASTAPI_OWN = {"HTTPValidationError", "ValidationError"}


def _refers_to_a_model(schema: dict[str, Any]) -> bool:
    return "$ref" in json.dumps(schema)


def _undocumented_fields(components: dict[str, Any]) -> list[str]:
    missing = []
    for model, schema in components.items():
        if model in FASTAPI_OWN:
            continue
        for name, field in schema.get("properties", {}).items():
            has_example = any(key in field for key in ("examples", "enum", "const"))
            if "description" not in field or not (has_example or _refers_to_a_model(field)):
                missing.append(f"{model}.{name}")
    return missing


def test_every_field_has_a_description_and_an_example(client: TestClient) -> None:
    components = client.get("/openapi.json").json()["components"]["schemas"]
    assert _undocumented_fields(components) == []


def test_every_parameter_has_a_description_and_an_example(client: TestClient) -> None:
    missing = []
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                example = "examples" in parameter or "examples" in parameter["schema"]
                if "description" not in parameter or not example:
                    missing.append(f"{method} {path} {parameter['name']}")
    assert missing == []


def test_the_stream_documents_its_frame_model(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    stream = schema["paths"]["/api/sessions/{session_id}/stream"]["get"]["responses"]["200"]
    event = stream["content"]["text/event-stream"]["schema"]
    assert event["properties"]["event"] == {"const": "frame"}
    assert event["properties"]["data"]["contentSchema"] == {"$ref": "#/components/schemas/Frame"}
    assert "Frame" in schema["components"]["schemas"]


MEDIA_TYPE_FIELDS = {"schema", "example", "examples", "encoding"}
"""What an OpenAPI 3.1 Media Type Object may hold, besides `x-` extensions."""


def test_media_types_hold_only_openapi_3_1_fields(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.1.")
    unknown = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            bodies = [operation.get("requestBody", {}), *operation["responses"].values()]
            for body in bodies:
                for media, fields in body.get("content", {}).items():
                    extra = {f for f in fields if f not in MEDIA_TYPE_FIELDS}
                    unknown += [f"{method} {path} {media} {f}" for f in extra if f[:2] != "x-"]
    assert unknown == []
