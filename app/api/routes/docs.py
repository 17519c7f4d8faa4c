"""The interactive API reference (Swagger UI at /docs), working offline.

Its script and stylesheet come from the `fastapi-offline` package and are served by this server
under /docs-assets; the page gets a Content-Security-Policy that admits its one inline script by
hash and nothing from another origin. ReDoc (/redoc) is not served: it needs inline styles,
workers from blob: URLs and a logo from its vendor's site."""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from app.core.security_headers import content_security_policy

__all__ = ["DOCS_ASSETS_DIR", "DOCS_ASSETS_URL", "docs_policy", "router"]

DOCS_ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))
DOCS_ASSETS_URL = "/docs-assets"
TITLE = "NN Playground API"

router = APIRouter(include_in_schema=False)

_INLINE = {
    "script-src": re.compile(r"<script>(.*?)</script>", re.DOTALL),
    "style-src": re.compile(r"<style>(.*?)</style>", re.DOTALL),
}


def docs_policy(html: str) -> str:
    """The page's CSP, with script-src and style-src extended by the hashes of `html`'s inline
    `<script>` and `<style>` blocks (so exactly those run, and nothing injected)."""
    sources = {
        directive.replace("-", "_"): " ".join(["'self'", *map(_sha256, pattern.findall(html))])
        for directive, pattern in _INLINE.items()
    }
    return content_security_policy(**sources)


def _sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def _with_policy(page: HTMLResponse) -> HTMLResponse:
    html = bytes(page.body).decode()
    return HTMLResponse(html, headers={"Content-Security-Policy": docs_policy(html)})


@router.get("/docs", response_class=HTMLResponse)
def read_swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI: try every endpoint from the browser."""
    root = request.scope.get("root_path", "")
    page = get_swagger_ui_html(
        openapi_url=f"{root}/openapi.json",
        title=f"{TITLE} - Swagger UI",
        swagger_js_url=f"{root}{DOCS_ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{DOCS_ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}{DOCS_ASSETS_URL}/favicon.png",
        oauth2_redirect_url=None,
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from another site
    )
    return _with_policy(page)
