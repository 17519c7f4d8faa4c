"""The page names its files by paths from the site's root (so it loads at /s/<share id> as at /),
never by a URL built from the request's Host."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app

LINK = re.compile(r"""(?:src|href)\s*=\s*["']([^"']*)["']""")


def test_a_forged_host_is_not_echoed_into_the_page() -> None:
    with TestClient(create_app(Settings(allowed_hosts=("*",)))) as client:
        response = client.get("/", headers={"Host": "attacker.example"})
    assert response.status_code == 200
    assert "attacker.example" not in response.text
    links = LINK.findall(response.text)
    assert "/static/js/main.js" in links and "/static/playground.css" in links
    assert [link for link in links if "//" in link] == []


def test_the_linked_files_are_served(client: TestClient) -> None:
    for link in LINK.findall(client.get("/").text):
        assert link.startswith("/"), link
        assert client.get(link).status_code == 200, link
