"""An export document as stored bytes (compact JSON, zlib level 1) and back."""

from __future__ import annotations

import json
import zlib
from typing import Any

__all__ = ["decode", "encode"]


def encode(document: dict[str, Any]) -> bytes:
    """Compact JSON, compressed: floats keep their exact `repr`, so a load is bit-identical."""
    text = json.dumps(document, separators=(",", ":"))
    return zlib.compress(text.encode(), 1)


def decode(stored: bytes) -> dict[str, Any]:
    """The document; ValueError if the bytes are not one (a damaged row)."""
    try:
        document = json.loads(zlib.decompress(stored))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"damaged snapshot: {error}") from None
    if not isinstance(document, dict):
        raise ValueError("damaged snapshot: not a JSON object")
    return document
