"""Answer only to known host names, so a DNS-rebinding page cannot reach the server by name."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.refusals import send_refusal
from app.core.web_origins import split_host

__all__ = ["ALWAYS_ALLOWED_HOSTS", "HostCheckMiddleware", "is_allowed_host"]

ALWAYS_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "::1")
ALLOW_HOSTS_VARIABLE = "NN_PLAYGROUND_ALLOWED_HOSTS"


def is_allowed_host(name: str, allowed: Iterable[str], local_address: str | None) -> bool:
    """True for the loopback names, the configured ones (or `*`), and the address the connection
    arrived on (so `--host 192.168.1.5` answers at http://192.168.1.5:8000)."""
    allowed = set(allowed)
    if "*" in allowed or name in ALWAYS_ALLOWED_HOSTS or name in allowed:
        return True
    return local_address is not None and name == local_address.lower()


class HostCheckMiddleware:
    """Pure ASGI: a request whose `Host` is not allowed gets a JSON 400 (`host_not_allowed`).

    Requests without a `Host` header (HTTP/1.0 tools) pass: browsers always send one."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = Headers(scope=scope).get("host")
            server = scope.get("server")
            local_address = server[0] if server and isinstance(server[0], str) else None
            parsed = None if host is None else split_host(host)
            if host is not None and (
                parsed is None or not is_allowed_host(parsed[0], self.allowed, local_address)
            ):
                await send_refusal(send, 400, "host_not_allowed", _explain(host))
                return
        await self.app(scope, receive, send)


def _explain(host: str) -> str:
    shown = host if len(host) <= 100 else host[:97] + "..."
    return (
        f"Host {shown!r} is not allowed: this server answers to localhost, 127.0.0.1, [::1], "
        f"the address it listens on and the names in {ALLOW_HOSTS_VARIABLE}; to serve it "
        f"under this name, start it with {ALLOW_HOSTS_VARIABLE}=<name> (comma-separated, "
        "* allows any)"
    )
