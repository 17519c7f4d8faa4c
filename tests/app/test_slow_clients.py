"""Slow clients (slow-loris) against a real `nn-playground`: dropped, while others get in."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.live import ServerProcess

SLOW_CLIENTS = 200
# Fewer connections allowed than slow clients: the newest ones must push the oldest waiting out.
SETTINGS = {"NN_PLAYGROUND_REQUEST_TIMEOUT": "2", "NN_PLAYGROUND_MAX_CONNECTIONS": "150"}
GIVE_UP_AFTER = 90.0  # a generous bound for a busy machine; the server's own bound is 2 s


def open_slow_client(port: int) -> socket.socket:
    """A connection that starts a request and never finishes its headers."""
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    client.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    client.setblocking(False)
    return client


def closed_by_server(client: socket.socket) -> bool:
    """Trickle one more header line; True once the server has closed the connection."""
    try:
        if client.recv(1024, socket.MSG_DONTWAIT) == b"":
            return True
    except BlockingIOError:
        pass
    except OSError:
        return True
    try:
        client.send(b"X-Still-Typing: 1\r\n")
    except BlockingIOError:
        pass
    except OSError:
        return True
    return False


@pytest.mark.slow
def test_slow_clients_are_dropped_while_health_and_the_page_answer(tmp_path: Path) -> None:
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log, ServerProcess(SETTINGS, output=log, cli=True) as server:
        slow = [open_slow_client(server.port) for _ in range(SLOW_CLIENTS)]
        give_up = time.monotonic() + GIVE_UP_AFTER
        while slow and time.monotonic() < give_up:
            # Fresh connections each time: a pooled one idle past the deadline is closed too.
            assert httpx.get(f"{server.url}/health", timeout=30).status_code == 200
            assert httpx.get(f"{server.url}/", timeout=30).status_code == 200
            still_open = [each for each in slow if not closed_by_server(each)]
            for each in set(slow) - set(still_open):
                each.close()
            slow = still_open
            time.sleep(1)
        for each in slow:
            each.close()
    assert not slow, f"{len(slow)} slow clients were never dropped"
    output = log_path.read_text()
    assert "Traceback" not in output and "Too many open files" not in output, output
