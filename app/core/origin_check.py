"""Refuse state-changing requests sent by other websites' pages (cross-site request forgery).

A browser names the page that sent a request in `Origin`; curl, scripts and notebooks send none
and are not affected."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.refusals import send_refusal
from app.core.web_origins import normalize_origin, origin_of, split_host

__all__ = ["STATE_CHANGING_METHODS", "OriginCheckMiddleware", "own_origin"]

STATE_CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ALLOW_ORIGINS_VARIABLE = "NN_PLAYGROUND_ALLOWED_ORIGINS"


def own_origin(scope: Scope, headers: Headers) -> str | None:
    """The origin of the request itself: its scheme and its `Host` (port included)."""
    host = headers.get("host")
    parsed = None if host is None else split_host(host)
    if parsed is None:
        return None
    scheme = "https" if scope.get("scheme") == "https" else "http"
    return origin_of(scheme, *parsed)


class OriginCheckMiddleware:
    """Pure ASGI: POST, PUT, PATCH and DELETE from a foreign `Origin` get a JSON 403
    (`cross_origin_request`); without `Origin`, `Sec-Fetch-Site: cross-site` gets one too
    (`cross_site_request`)."""

    def __init__(self, app: ASGIApp, allowed_origins: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(allowed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in STATE_CHANGING_METHODS:
            refusal = self._refusal(scope, Headers(scope=scope))
            if refusal is not None:
                await send_refusal(send, 403, *refusal)
                return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[str, str] | None:
        """(code, detail) when the request must be refused, else None."""
        method = scope["method"]
        origin = headers.get("origin")
        if origin is None:
            if headers.get("sec-fetch-site", "").lower() == "cross-site":
                return "cross_site_request", (
                    f"a {method} sent by another site's page was refused (Sec-Fetch-Site: "
                    "cross-site); only this server's own page may change sessions"
                )
            return None
        normal = normalize_origin(origin)
        if normal is not None and (normal in self.allowed or normal == own_origin(scope, headers)):
            return None
        shown = origin if len(origin) <= 100 else origin[:97] + "..."
        return "cross_origin_request", (
            f"a {method} from origin {shown!r} was refused: POST, PUT, PATCH and DELETE must "
            "come from this server's own page or send no Origin header; to allow another "
            f"site, add its origin to {ALLOW_ORIGINS_VARIABLE} (comma-separated, e.g. "
            "https://playground.example.org)"
        )
