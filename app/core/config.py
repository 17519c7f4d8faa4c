"""Server settings in one place, read from `NN_PLAYGROUND_*` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["ENV_PREFIX", "Settings"]

ENV_PREFIX = "NN_PLAYGROUND_"
_HEAVY_THREADS = max(2, os.cpu_count() or 1)


class Settings(BaseModel):
    """Operational limits of one server process; every field is `NN_PLAYGROUND_<FIELD NAME>`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_sessions: int = Field(
        default=200, ge=1, le=100_000, description="live sessions held at once; more gets 503"
    )
    session_ttl: float = Field(
        default=1800.0,
        gt=0,
        description="seconds a session may sit idle (no request, no viewer, not playing)",
    )
    unwatched_play_ttl: float = Field(
        default=900.0,
        ge=0,
        description="seconds a session may play with no viewer and no request before it is "
        "paused (0 = never)",
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="largest request body accepted; more gets 413"
    )
    max_viewers: int = Field(
        default=16, ge=1, le=1000, description="stream connections per session; more gets 429"
    )
    max_streams: int = Field(
        default=256,
        ge=1,
        le=100_000,
        description="stream connections across all sessions; more gets 503",
    )
    max_sessions_per_client: int = Field(
        default=100,
        ge=1,
        le=100_000,
        description="sessions in use (watched, or called within client_active_window) per "
        "client address; more gets 429",
    )
    max_streams_per_client: int = Field(
        default=100,
        ge=1,
        le=100_000,
        description="stream connections per client address; more gets 429",
    )
    client_active_window: float = Field(
        default=300.0,
        gt=0,
        description="seconds since its last call that an unwatched session still counts as in "
        "use toward its client's cap",
    )
    client_ip_header: str = Field(
        default="",
        max_length=64,
        pattern=r"^[A-Za-z0-9-]*$",
        description="header naming the client address, set by your reverse proxy (e.g. "
        "X-Real-IP or X-Forwarded-For, whose last entry is used); empty: the peer address",
    )
    play_threads: int = Field(
        default=max(2, os.cpu_count() or 1),
        ge=1,
        le=64,
        description="worker threads shared by all play loops (REST calls have their own)",
    )
    short_threads: int = Field(
        default=16,
        ge=1,
        le=256,
        description="worker threads for short REST calls (reads, predict, trace, points, "
        "changes); long calls never take them",
    )
    heavy_threads: int = Field(
        default=_HEAVY_THREADS,
        ge=1,
        le=64,
        description="worker threads for long REST calls (many steps, create, import, boundary "
        "above resolution 100); more calls wait their turn",
    )
    heavy_calls_per_client: int = Field(
        default=max(1, _HEAVY_THREADS - 1),
        ge=1,
        le=64,
        description="long calls one client may run at once (capped at heavy_threads); the "
        "rest wait, and a freed thread goes to the waiting client running the fewest",
    )
    viewer_queue: int = Field(
        default=4,
        ge=1,
        le=100,
        description="frames buffered per viewer; a slow one loses the oldest",
    )
    keepalive: float = Field(
        default=15.0, gt=0, description="seconds between `: ping` comments on a quiet stream"
    )
    reap_interval: float = Field(
        default=30.0, gt=0, description="seconds between sweeps for idle sessions"
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from `NN_PLAYGROUND_*` variables; a bad value raises ValueError naming it."""
        env = os.environ if environ is None else environ
        values = {
            name: env[ENV_PREFIX + name.upper()]
            for name in cls.model_fields
            if ENV_PREFIX + name.upper() in env
        }
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            problems = "; ".join(
                f"{ENV_PREFIX}{str(item['loc'][0]).upper()}: {item['msg']}"
                for item in error.errors()
            )
            raise ValueError(f"bad server setting: {problems}") from None
