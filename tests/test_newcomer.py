"""What a newcomer meets first: the README's API examples, the tab's icon, `--version`."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from tests.live import ROOT, ServerProcess

README = ROOT / "README.md"


def readme_api_example() -> str:
    """The shell block under "REST API in one minute", minus the stream that never ends."""
    section = README.read_text().split("## REST API in one minute", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the README lost its API example"
    return "\n".join(line for line in block.group(1).splitlines() if "curl -N" not in line)


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_the_readme_api_example_runs_as_written(tmp_path: Path) -> None:
    script = readme_api_example()
    for route in ("$ID/pause", "sessions/import", "ID=$("):
        assert route in script
    with ServerProcess() as server:
        # Every curl fails loudly here, so a missing $ID (a 404) stops the script.
        prelude = 'set -euo pipefail\ncurl() { command curl --fail --show-error "$@"; }\n'
        result = subprocess.run(
            ["bash", "-c", prelude + script.replace("localhost:8000", server.url)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,  # the example writes run.json where it runs
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"id"') >= 3, result.stdout


def test_the_favicon_is_an_svg_the_page_links() -> None:
    with TestClient(create_app(Settings())) as client:
        icon = client.get("/favicon.ico")
        page = client.get("/").text
        linked = client.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.content.startswith(b"<svg")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert linked.status_code == 200
    assert linked.content == icon.content


def test_version_names_the_installed_package() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"nn-playground {importlib.metadata.version('nn-playground')}"
