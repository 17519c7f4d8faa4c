"""Liveness probe for Docker's HEALTHCHECK and load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = Field(default="ok", description="Always ok.", examples=["ok"])


@router.get("/health", response_model=Health)
async def read_health() -> Health:
    """Answer `{"status": "ok"}` while the server runs."""
    return Health()
