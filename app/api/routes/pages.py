"""The playground page itself, and its icon."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from app.paths import STATIC_DIR, TEMPLATES_DIR

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES_DIR)


@router.get("/", response_class=HTMLResponse)
def read_page(request: Request) -> HTMLResponse:
    """Serve the playground page."""
    return templates.TemplateResponse(request, "index.html")


@router.get("/favicon.ico", response_class=FileResponse)
def read_favicon() -> FileResponse:
    """The icon browsers ask for on their own (an SVG; the page links it too)."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")
