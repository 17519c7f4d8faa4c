"""/docs comes from this server's own files, under a policy admitting only its inline script."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi.testclient import TestClient

ABSOLUTE_URL = re.compile(r"""(?:https?:)?//[^\s"'<>]+""")


def test_the_docs_page_names_no_outside_host(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "SwaggerUIBundle" in response.text
    assert ABSOLUTE_URL.findall(response.text) == []


def test_every_file_the_docs_page_links_is_served(client: TestClient) -> None:
    links = re.findall(r"""(?:src|href)="([^"]+)\"""", client.get("/docs").text)
    assert sorted(links) == [
        "/docs-assets/favicon.png",
        "/docs-assets/swagger-ui-bundle.js",
        "/docs-assets/swagger-ui.css",
    ]
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert len(response.content) > 1000, link


def test_the_docs_policy_admits_exactly_its_inline_script(client: TestClient) -> None:
    response = client.get("/docs")
    (inline,) = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    policy = response.headers["content-security-policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_spec_the_docs_load_is_served(client: TestClient) -> None:
    assert "url: '/openapi.json'" in client.get("/docs").text
    assert client.get("/openapi.json").json()["info"]["title"] == "NN Playground"


def test_redoc_is_not_served(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404
