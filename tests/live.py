"""A real server in a subprocess and Debian's Chromium, for tests/e2e, bench/ and scripts/.

    with ServerProcess() as server, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(server.url)

(tests/app runs its stream tests against an in-thread uvicorn instead: see tests/app/conftest.py.)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from playwright.sync_api import Browser, Playwright, ViewportSize

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("NN_PLAYGROUND_CHROMIUM", "/usr/bin/chromium")  # see scripts/test.sh
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT: ViewportSize = {"width": 1440, "height": 1000}  # a laptop
START_TIMEOUT = 30.0


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """`uvicorn app.main:app` in a subprocess on a free port of 127.0.0.1, from entering the
    `with` block (once /health answers) to leaving it. `env` adds to this process's environment;
    `output` takes the server's stdout and stderr (by default they are this process's);
    `cli=True` runs the `nn-playground` command (`python -m app`) instead of bare uvicorn.
    Sessions are kept in memory unless `env` (or this process) sets NN_PLAYGROUND_DB."""

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        output: IO[bytes] | None = None,
        timeout: float = START_TIMEOUT,
        cli: bool = False,
    ) -> None:
        memory = {"NN_PLAYGROUND_DB": os.environ.get("NN_PLAYGROUND_DB", ":memory:")}
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **memory, **(env or {})}
        self.output = output
        self.timeout = timeout
        self.port = free_port()
        self.cli = cli
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerProcess:
        if self.cli:
            command = [sys.executable, "-m", "app", "--port", str(self.port)]
        else:
            command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"]
            command += ["--port", str(self.port), "--log-level", "warning", "--no-access-log"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self.output,
            stderr=None if self.output is None else subprocess.STDOUT,
        )
        try:
            self.wait_for_health(self.process)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def wait_for_health(self, process: subprocess.Popen[bytes]) -> None:
        """Poll /health until it answers 200; fail if the server exits or takes too long."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with code {process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer {self.url}/health within {self.timeout} s")

    def kill(self) -> None:
        """SIGKILL the server (no shutdown at all) and wait for it to be gone."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        """Terminate the server; kill it if it has not exited within 10 s."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def launch_chromium(playwright: Playwright, **kwargs: Any) -> Browser:
    """Debian's headless Chromium (Playwright never downloads one); `kwargs` go to `launch`."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, **kwargs)
