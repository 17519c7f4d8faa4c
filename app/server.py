"""The uvicorn server the `nn-playground` command runs: it announces the URL once it listens."""

from __future__ import annotations

import socket

import uvicorn

__all__ = ["PlaygroundServer", "bind", "shown_url"]


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
    socket listens (so the line never promises a server that is not there)."""

    def __init__(self, config: uvicorn.Config, url: str) -> None:
        super().__init__(config)
        self.url = url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            print(f"NN Playground: open {self.url}", flush=True)
