"""Liveness probe for Docker's HEALTHCHECK and load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.api.deps import StoreDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = Field(
        default="ok",
        description="ok; degraded while the database file cannot be written (sessions are "
        "then kept in memory only)",
        examples=["ok"],
    )
    reason: str | None = Field(
        default=None,
        description="Why the server is degraded (only then present).",
        examples=["cannot write /data/playground.db: database or disk is full"],
    )


@router.get("/health", response_model=Health, response_model_exclude_none=True)
async def read_health(store: StoreDep) -> Health:
    """Answer `{"status": "ok"}` while the server runs, or `degraded` with a `reason`."""
    reason = store.storage.degraded
    return Health() if reason is None else Health(status="degraded", reason=reason)
