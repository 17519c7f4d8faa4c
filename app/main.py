"""Build the FastAPI application: routers, static files and error handlers."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.api.routes import health, pages
from app.paths import STATIC_DIR


def create_app() -> FastAPI:
    """A fresh application with every route mounted."""
    application = FastAPI(
        title="NN Playground",
        version="0.1.0",
        summary="Train small neural networks on 2D problems and watch them learn.",
    )
    application.include_router(health.router)
    application.include_router(pages.router)
    application.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return application


app = create_app()
