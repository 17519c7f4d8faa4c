"""Host names and web origins in one comparable form: lower case, no default port, bare IPv6."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["DEFAULT_PORTS", "normalize_origin", "origin_of", "split_host"]

DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_IN_A_NAME = frozenset("/@?#\\[] \t")


def split_host(host: str) -> tuple[str, int | None] | None:
    """A `Host` value as (name, port): `Example.org:8000` → (`example.org`, 8000), `[::1]` →
    (`::1`, None); None when it is not a plausible host."""
    host = host.strip().lower()
    if host.startswith("["):
        name, bracket, rest = host[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port_text = rest[1:] if rest else None
    else:
        name, colon, port_text_or_empty = host.partition(":")
        port_text = port_text_or_empty if colon else None
    if port_text is not None and not (port_text.isascii() and port_text.isdigit()):
        return None
    name = name.rstrip(".")
    if not name or any(c in _NOT_IN_A_NAME for c in name):
        return None
    return name, None if port_text is None else int(port_text)


def normalize_origin(origin: str) -> str | None:
    """`scheme://host[:port]` in lower case without its default port; None unless it is an
    http(s) origin (no path, query or user)."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.username is not None:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    return origin_of(parts.scheme, parts.hostname.rstrip("."), port)


def origin_of(scheme: str, hostname: str, port: int | None) -> str:
    """The origin text for a scheme, host name (IPv6 without brackets) and port."""
    shown = f"[{hostname}]" if ":" in hostname else hostname
    if port is None or port == DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{shown}"
    return f"{scheme}://{shown}:{port}"
