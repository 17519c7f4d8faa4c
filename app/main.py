"""Build the FastAPI application: settings, session store, routers, static files, errors."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from pydantic.json_schema import models_json_schema

from app.api.routes import (
    data,
    datasets,
    docs,
    health,
    inspect,
    lessons,
    options,
    pages,
    sessions,
    shares,
    stream,
    sweeps,
    training,
)
from app.core.body_limit import BodyLimitMiddleware
from app.core.config import Settings
from app.core.errors import install_error_handlers
from app.core.host_check import HostCheckMiddleware
from app.core.origin_check import OriginCheckMiddleware
from app.core.security_headers import SecurityHeadersMiddleware
from app.paths import STATIC_DIR
from app.schemas.data import PointsIn
from app.schemas.grids import Frame
from app.sessions.store import SessionStore
from app.sweeps.manager import SweepManager

__all__ = ["app", "create_app"]

DESCRIPTION = """\
REST API of NN Playground: create a training session, change it live, train it by steps or let the
server play it, and watch it over Server-Sent Events. The run configuration and the frame format
are described in docs/api.md; every limit is listed by `GET /api/options`.
"""


def _openapi_with_extra_models(application: FastAPI) -> dict[str, Any]:
    """The generated schema plus models routes reference by hand (SSE frames, points body)."""
    if application.openapi_schema is None:
        schema = get_openapi(
            title=application.title,
            version=application.version,
            summary=application.summary,
            description=application.description,
            routes=application.routes,
        )
        _, definitions = models_json_schema(
            [(Frame, "serialization"), (PointsIn, "validation")],
            ref_template="#/components/schemas/{model}",
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in definitions.get("$defs", {}).items():
            components.setdefault(name, definition)
        application.openapi_schema = schema
    return application.openapi_schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """A fresh application with its own session store; settings default to the environment."""
    settings = settings if settings is not None else Settings.from_env()
    store = SessionStore(settings)
    sweep_manager = SweepManager(settings, store.storage)

    @contextlib.asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        store.storage.open()  # a file it must not use stops the start (DatabaseRefused)
        sweeper = asyncio.create_task(store.reap_forever(), name="session sweeper")
        saver = asyncio.create_task(store.save_forever(), name="session snapshots")
        queue = asyncio.create_task(sweep_manager.run_forever(), name="sweep queue")
        keeper = asyncio.create_task(
            sweep_manager.keep_forever(settings.snapshot_seconds), name="sweep keeper"
        )
        try:
            yield
        finally:
            await sweep_manager.close()  # before the store closes the database
            tasks = [sweeper, saver, queue, keeper]
            for task in tasks:
                task.cancel()
            await asyncio.wait(tasks)
            await store.close()

    application = FastAPI(
        title="NN Playground",
        version="0.1.0",
        summary="Train small neural networks on 2D problems and watch them learn.",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by app.api.routes.docs, from local files
        redoc_url=None,  # not served: see app.api.routes.docs
    )
    # The last added runs first: security headers (on every answer, refusals included), the
    # Host check, the Origin check, then the body limit.
    application.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    application.add_middleware(OriginCheckMiddleware, allowed_origins=settings.allowed_origins)
    application.add_middleware(HostCheckMiddleware, allowed_hosts=settings.allowed_hosts)
    application.add_middleware(SecurityHeadersMiddleware)
    application.state.settings = settings
    application.state.store = store
    application.state.sweeps = sweep_manager
    install_error_handlers(application)
    routers = (
        health,
        options,
        datasets,
        lessons,
        sessions,
        shares,
        training,
        stream,
        sweeps,
        inspect,
        data,
        pages,
        docs,
    )
    for module in routers:
        application.include_router(module.router)
    application.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    application.mount(
        docs.DOCS_ASSETS_URL, StaticFiles(directory=docs.DOCS_ASSETS_DIR), name="docs-assets"
    )
    application.openapi = lambda: _openapi_with_extra_models(application)  # type: ignore[method-assign]
    return application


app = create_app()
