"""The Allow header of a 405: every method the application serves on the request's path."""

from __future__ import annotations

import re

from fastapi import Request
from starlette.routing import Match

__all__ = ["allowed_methods"]

HTTP_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _documented_methods(request: Request) -> list[str] | None:
    """The methods OpenAPI lists for the path template that fits this path most closely (a
    fixed path beats a pattern: `/api/sessions/import` is not a session called "import"), or
    None if no documented path fits."""
    best: tuple[int, list[str]] | None = None
    for template, operations in request.app.openapi()["paths"].items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            params = template.count("{")
            if best is None or params < best[0]:
                best = params, sorted(method.upper() for method in operations)
    return None if best is None else best[1]


def allowed_methods(request: Request) -> list[str]:
    """Every method the application serves on this request's path, for a 405's Allow header.

    Starlette's own 405 names only the first route that matched the path, so a path served by
    several routes (GET, PATCH and DELETE of one session) would seem to allow only one. The
    API's paths answer from OpenAPI (the contract clients read); others, by asking each route."""
    documented = _documented_methods(request)
    if documented is not None:
        return documented
    routes = request.app.router.routes
    return [
        method
        for method in HTTP_METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    ]
