"""What each dataset looks like: one read-only, cacheable sample of every dataset, so a picture of
a dataset needs no session."""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from app.core import limits
from app.schemas.datasets import DatasetSamples
from engine.samples import SAMPLE_SEED, dataset_samples

router = APIRouter(prefix="/api/datasets", tags=["datasets"])

CACHE_CONTROL = f"public, max-age={limits.SAMPLES_MAX_AGE}"

SampleSize = Annotated[
    int,
    Query(
        ge=limits.MIN_SAMPLE_POINTS,
        le=limits.MAX_SAMPLE_POINTS,
        description="Points per dataset.",
        examples=[120],
    ),
]


@functools.lru_cache(maxsize=8)
def _encoded(n: int) -> tuple[bytes, str]:
    """The answer for `n` points as JSON bytes and its ETag, computed once per process."""
    body = {"n": n, "seed": SAMPLE_SEED, "datasets": dataset_samples(n)}
    data = json.dumps(body, separators=(",", ":")).encode()
    return data, f'"{hashlib.sha256(data).hexdigest()[:20]}"'


@router.get(
    "/samples",
    response_model=DatasetSamples,
    responses={304: {"description": "Not modified: the ETag in If-None-Match still holds."}},
)
def read_samples(
    n: SampleSize = limits.DEFAULT_SAMPLE_POINTS,
    if_none_match: Annotated[
        str | None,
        Header(
            description="An ETag this endpoint sent before.", examples=['"5d41402abc4b2a76b971"']
        ),
    ] = None,
) -> Response:
    """`n` points of every dataset from its own generator with a fixed seed (the same answer
    every time: cache it; `If-None-Match` with its ETag gets 304)."""
    data, etag = _encoded(n)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if if_none_match is not None and etag in {tag.strip() for tag in if_none_match.split(",")}:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(content=data, media_type="application/json", headers=headers)
