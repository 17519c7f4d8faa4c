"""Headers telling the browser to run only this server's own code and never to frame the page."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["PAGE_CSP", "SecurityHeadersMiddleware", "content_security_policy"]


def content_security_policy(**directives: str) -> str:
    """The page's policy with some directives replaced or added (`script_src="'self' ..."`)."""
    policy = {
        "default-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    policy.update({name.replace("_", "-"): value for name, value in directives.items()})
    return "; ".join(f"{name} {value}" for name, value in policy.items())


# Scripts, styles, fetch and EventSource only from this origin; no inline script or style.
PAGE_CSP = content_security_policy()

_DEFAULT_HEADERS = (
    ("content-security-policy", PAGE_CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
)


class SecurityHeadersMiddleware:
    """Pure ASGI: adds the headers above to every response that does not set its own (the API
    docs set a policy of their own); the body, streamed or not, passes through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", []))
                headers = MutableHeaders(scope=message)
                for name, value in _DEFAULT_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
