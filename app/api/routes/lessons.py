"""The guided lessons, each with presets the page can open."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.schemas.options import Lesson
from engine import lessons

router = APIRouter(prefix="/api", tags=["lessons"])


@router.get("/lessons", response_model=list[Lesson], response_model_exclude_unset=True)
async def read_lessons() -> list[Any]:
    """Every lesson in order, in English and Chinese."""
    return list(lessons.describe())
