"""The README's test command: it runs what it can when Chromium cannot be had, and CI insists on it.

A stand-in `apt-get` (and `sudo`) first on PATH plays a busy or absent apt, so nothing is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.live import ROOT

HINT = "browser tests skipped: install Debian's chromium (apt-get install chromium) to run them"
ONE_FAST_TEST = "tests/test_cli.py::test_defaults_are_loopback_port_8000"
BUSY_APT = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/apt-calls"
echo "E: Could not get lock /var/lib/dpkg/lock-frontend" >&2
exit 100
"""


def tool_folder(tmp_path: Path, busy_apt: bool) -> Path:
    """A folder for PATH with python, the few tools the script uses, and maybe a busy apt-get."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (folder / "python").chmod(0o755)
    for tool in ("bash", "dirname", "id", "env"):
        (folder / tool).symlink_to(f"/usr/bin/{tool}")
    if busy_apt:
        for name in ("apt-get", "sudo"):
            (folder / name).write_text(BUSY_APT if name == "apt-get" else '#!/bin/sh\nexec "$@"\n')
            (folder / name).chmod(0o755)
    return folder


def run_test_script(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """./scripts/test.sh on the e2e folder and one fast test, Chromium nowhere to be found."""
    environ = {**os.environ, "PATH": str(folder), "NN_PLAYGROUND_CHROMIUM": "/nonexistent"}
    environ.pop("NN_PLAYGROUND_REQUIRE_BROWSER", None)
    environ.update(env)
    return subprocess.run(
        ["bash", "scripts/test.sh", "tests/e2e", ONE_FAST_TEST, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_a_busy_apt_is_waited_for_then_the_other_tests_run(tmp_path: Path) -> None:
    folder = tool_folder(tmp_path, busy_apt=True)
    result = run_test_script(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert (result.stdout + result.stderr).count(HINT) == 1
    calls = (folder / "apt-calls").read_text().splitlines()
    assert calls and all("DPkg::Lock::Timeout=300" in call for call in calls)


def test_without_apt_the_other_tests_run(tmp_path: Path) -> None:
    result = run_test_script(tool_folder(tmp_path, busy_apt=False))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert (result.stdout + result.stderr).count(HINT) == 1


def test_where_the_browser_is_required_its_absence_fails(tmp_path: Path) -> None:
    result = run_test_script(
        tool_folder(tmp_path, busy_apt=True), NN_PLAYGROUND_REQUIRE_BROWSER="1"
    )
    assert result.returncode != 0
    assert "NN_PLAYGROUND_REQUIRE_BROWSER=1" in result.stderr


def test_ci_requires_the_browser_tests_and_stops_on_any_failure() -> None:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert "set -euo pipefail" in lines
    command = "NN_PLAYGROUND_REQUIRE_BROWSER=1 NN_PLAYGROUND_REQUIRE_RAY=1 ./scripts/test.sh"
    assert command in lines


def test_ci_installs_the_cluster_extra_before_the_tests_so_the_ray_test_runs() -> None:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    install = lines.index("pip install -q -e '.[test,cluster]'")
    assert install < next(i for i, line in enumerate(lines) if line.endswith("./scripts/test.sh"))
