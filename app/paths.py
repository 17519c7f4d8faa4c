"""Where the page's files are: inside the installed package, or beside it in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"cannot find the '{name}' folder next to {_PACKAGE}")


STATIC_DIR = _find("static")
TEMPLATES_DIR = _find("templates")
