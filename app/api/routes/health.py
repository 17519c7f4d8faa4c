"""Liveness probe for Docker's HEALTHCHECK and load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = "ok"


@router.get("/health", response_model=Health)
def read_health() -> Health:
    """Answer `{"status": "ok"}` while the server runs."""
    return Health()
