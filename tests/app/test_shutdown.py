"""Streams end cleanly: SIGTERM to a real `nn-playground` process; a watched session deleted."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.app.conftest import SMALL_RUN, LiveServer
from tests.app.sse import events
from tests.live import ServerProcess

TIMEOUT = 60.0
# One step call of this run takes seconds (bench/step_call.py): still running at SIGTERM.
LONG_STEP_RUN: dict[str, Any] = {
    "data": {"dataset": "blobs", "n_samples": 2000, "n_classes": 6},
    "network": {"hidden_layer_sizes": [16] * 8, "activation": "gelu", "output": "multiclass"},
    "training": {"optimizer": "adam", "batch_size": 1},
}


class StreamReader(threading.Thread):
    """Reads one stream to its end; `connected` is set once its first frame came."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.connected = threading.Event()
        self.received: list[tuple[str, str]] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with httpx.stream("GET", self.url, timeout=TIMEOUT) as response:
                for event in events(response):
                    self.received.append(event)
                    self.connected.set()
        except BaseException as error:  # the test reports it
            self.error = error


class Call(threading.Thread):
    """One POST in the background; `response` once it answered."""

    def __init__(self, url: str, body: dict[str, Any]) -> None:
        super().__init__(daemon=True)
        self.url, self.body = url, body
        self.response: httpx.Response | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.response = httpx.post(self.url, json=self.body, timeout=TIMEOUT)
        except BaseException as error:  # the test reports it
            self.error = error


def open_streams(base: str, session: str, count: int) -> list[StreamReader]:
    readers = [StreamReader(f"{base}/api/sessions/{session}/stream?resolution=8")]
    readers += [StreamReader(readers[0].url) for _ in range(count - 1)]
    for reader in readers:
        reader.start()
    for reader in readers:
        assert reader.connected.wait(TIMEOUT), reader.error
    return readers


def wait_until_busy(base: str, session: str) -> None:
    """Return once a call holds the session: a read of it (which waits for the session's lock)
    no longer answers at once."""
    for _ in range(200):
        try:
            httpx.get(f"{base}/api/sessions/{session}", timeout=0.5)
        except httpx.TimeoutException:
            return
    raise AssertionError("the long call never reached the server")


def assert_ended_cleanly(reader: StreamReader, reason: str) -> None:
    reader.join(TIMEOUT)
    assert not reader.is_alive(), "the stream did not end"
    assert reader.error is None, f"the stream broke off: {reader.error!r}"
    assert reader.received[-1] == ("end", json.dumps({"reason": reason}))
    assert {name for name, _ in reader.received[:-1]} == {"frame"}


@pytest.mark.slow
def test_sigterm_ends_streams_answers_calls_and_exits_quietly(tmp_path: Path) -> None:
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log, ServerProcess(output=log, cli=True) as server:
        assert server.process is not None
        with httpx.Client(base_url=server.url, timeout=TIMEOUT) as client:
            watched = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
            client.post(f"/api/sessions/{watched}/play", json={"fps": 10})
            busy = client.post("/api/sessions", json=LONG_STEP_RUN).json()["id"]
        readers = open_streams(server.url, watched, 3)
        step = Call(f"{server.url}/api/sessions/{busy}/step", {"steps": 10_000})
        step.start()
        wait_until_busy(server.url, busy)
        server.process.send_signal(signal.SIGTERM)
        exit_code = server.process.wait(timeout=30)
        for reader in readers:
            assert_ended_cleanly(reader, "shutdown")
        step.join(TIMEOUT)
    assert step.error is None, repr(step.error)
    assert step.response is not None
    answer = step.response.json()
    if step.response.status_code == 503:
        assert answer["code"] == "shutting_down"
    else:
        assert step.response.status_code == 200, step.response.text
        assert answer["step"] == 10_000
    output = log_path.read_text()
    assert "Traceback" not in output and "CancelledError" not in output, output
    assert exit_code in (0, -signal.SIGTERM), output


def test_deleting_a_watched_session_ends_its_streams_with_a_reason(
    live_server: LiveServer,
) -> None:
    base = live_server.url
    session = httpx.post(f"{base}/api/sessions", json=SMALL_RUN, timeout=TIMEOUT).json()["id"]
    readers = open_streams(base, session, 2)
    assert httpx.delete(f"{base}/api/sessions/{session}", timeout=TIMEOUT).status_code == 204
    for reader in readers:
        assert_ended_cleanly(reader, "deleted")
