"""The uvicorn server the `nn-playground` command runs: it announces the URL once it listens, and
shuts down in order: stop accepting, end the streams, answer every call, exit."""

from __future__ import annotations

import logging
import os
import socket
import sys

import uvicorn

from app.core.shutdown_guard import ShutdownGuard
from app.sessions.store import SessionStore

__all__ = ["PlaygroundServer", "bind", "shown_url"]

logger = logging.getLogger("uvicorn.error")


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on (host, port); OSError (e.g. EADDRINUSE) if it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def shown_url(host: str, port: int) -> str:
    """The address a person on this machine opens (a wildcard host means loopback works too)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


class PlaygroundServer(uvicorn.Server):
    """uvicorn's server, printing `NN Playground: open <url>` after the app has started and the
    socket listens (so the line never promises a server that is not there), and draining on
    SIGTERM or Ctrl+C before uvicorn's own shutdown: no new connections, every stream ended with
    `event: end` (reason "shutdown"), every call answered (by itself or a JSON 503)."""

    def __init__(
        self, config: uvicorn.Config, url: str, guard: ShutdownGuard, store: SessionStore
    ) -> None:
        super().__init__(config)
        self.url, self.guard, self.store = url, guard, store

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            print(f"NN Playground: open {self.url}", flush=True)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        self.guard.drain()
        await self.store.close()
        await super().shutdown(sockets=sockets)
        if self.guard.abandoned:
            # Their clients have had a 503; a NumPy loop in a worker thread cannot be stopped, and
            # the sessions it works on are gone with this process anyway.
            count = len(self.guard.abandoned)
            logger.info("Finished; not waiting for %d training call(s) answered with 503", count)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
