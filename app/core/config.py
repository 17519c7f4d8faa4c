"""Server settings in one place, read from `NN_PLAYGROUND_*` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.core.web_origins import normalize_origin, split_host
from engine.sweeps.spec import MAX_EXAMPLES_PER_SWEEP, MAX_RUNS_PER_SWEEP

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
    allowed_hosts: tuple[str, ...] = Field(
        default=(),
        description="host names (comma-separated) the server answers to besides localhost, "
        "127.0.0.1, [::1] and the address it listens on; * allows any",
    )
    allowed_origins: tuple[str, ...] = Field(
        default=(),
        description="other web origins (comma-separated `scheme://host[:port]`) whose pages may "
        "send POST, PUT, PATCH and DELETE requests",
    )

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _host_names(cls, value: object) -> object:
        """Split a comma-separated list; keep each name without its port, in lower case."""
        names = []
        for item in _split_list(value):
            parsed = None if item == "*" else split_host(item)
            if item != "*" and parsed is None:
                raise ValueError(f"{item!r} is not a host name (e.g. playground.example.org)")
            names.append("*" if parsed is None else parsed[0])
        return tuple(names)

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        """Split a comma-separated list; keep each origin in its normal form."""
        origins = []
        for item in _split_list(value):
            origin = normalize_origin(item)
            if origin is None:
                raise ValueError(
                    f"{item!r} is not an origin: write scheme://host[:port], "
                    "e.g. https://playground.example.org"
                )
            origins.append(origin)
        return tuple(origins)

    request_timeout: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description="seconds a client may take to send a request's first line and headers; "
        "slower connections are closed",
    )
    max_connections: int = Field(
        default=1000,
        ge=1,
        le=100_000,
        description="open connections at once; past it the one waiting longest for its "
        "request is closed",
    )

    db: str = Field(
        default="",
        max_length=4096,
        description="the SQLite file saved runs and shares are kept in; :memory: or off keeps "
        "them in memory only; empty: the nn-playground command uses playground.db in the "
        "user's data directory, the bare app (uvicorn app.main:app, tests) memory",
    )
    snapshot_seconds: float = Field(
        default=5.0,
        gt=0,
        le=3600,
        description="seconds after a change within which a session is written to the database",
    )
    db_max_mb: float = Field(
        default=1024.0,
        gt=0,
        description="megabytes of stored sessions kept; past it the least recently active "
        "sessions not playing or watched are deleted",
    )
    share_max_age_days: float = Field(
        default=90.0, gt=0, description="days a share link lives before it is deleted"
    )
    shares_per_client_hour: int = Field(
        default=30,
        ge=1,
        le=100_000,
        description="share links one client address may create per hour; more gets 429",
    )

    sweep_workers: int = Field(
        default=os.cpu_count() or 1,
        ge=1,
        le=1024,
        description="processes of the local pool sweeps run on (at a lower priority than the "
        "server's threads); one sweep runs at a time, the others wait as queued",
    )
    ray_address: str = Field(
        default="",
        max_length=512,
        description="run sweeps as Ray tasks on this cluster (auto, or host:port; needs the "
        "cluster extra); empty: the local pool",
    )
    max_sweeps: int = Field(
        default=4,
        ge=1,
        le=1000,
        description="sweeps queued or running at once across the server; more gets 429",
    )
    max_sweeps_per_client: int = Field(
        default=2,
        ge=1,
        le=1000,
        description="sweeps queued or running at once per client address; more gets 429",
    )
    max_sweep_runs: int = Field(
        default=MAX_RUNS_PER_SWEEP,
        ge=1,
        le=MAX_RUNS_PER_SWEEP,
        description="runs (cells x seeds) one sweep may have; more gets 422",
    )
    max_sweep_examples: int = Field(
        default=MAX_EXAMPLES_PER_SWEEP,
        ge=1,
        le=MAX_EXAMPLES_PER_SWEEP,
        description="training examples one sweep may go through (runs x budget x training "
        "points); more gets 422",
    )
    sweeps_per_client_hour: int = Field(
        default=120,
        ge=1,
        le=100_000,
        description="sweeps one client address may start per hour (however short); more gets 429",
    )
    max_ended_sweeps_in_memory: int = Field(
        default=100,
        ge=1,
        le=100_000,
        description="ended sweeps held in memory; past it the oldest ended leave memory first "
        "(still answered from the database)",
    )
    max_stored_sweeps: int = Field(
        default=1000,
        ge=1,
        le=1_000_000,
        description="sweeps kept in the database; past it the oldest ended are deleted first",
    )
    sweep_ttl: float = Field(
        default=86400.0,
        gt=0,
        description="seconds a finished sweep is kept (in memory, and in the database file) "
        "after it ended",
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
                cls._describe_problem(str(item["loc"][0]), item["input"], item["msg"])
                for item in error.errors()
            )
            raise ValueError(f"bad server setting: {problems}") from None

    @classmethod
    def _describe_problem(cls, name: str, value: object, message: str) -> str:
        """`NN_PLAYGROUND_X='value': what is wrong (allowed: the type and its bounds)`."""
        field = cls.model_fields[name]
        kinds = {int: "an integer", float: "a number", str: "a text"}
        kind = kinds.get(field.annotation, "a comma-separated list")  # type: ignore[arg-type]
        bounds = [
            f"{label} {getattr(rule, attr)}"
            for rule in field.metadata
            for attr, label in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<"))
            if hasattr(rule, attr)
        ]
        allowed = f"{kind} {' and '.join(bounds)}" if bounds else kind
        return f"{ENV_PREFIX}{name.upper()}={value!r}: {message} (allowed: {allowed})"


def _split_list(value: object) -> list[str]:
    """The non-empty items of a comma-separated string or of a list of strings."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError("expected a comma-separated list")
    return [item.strip() for item in items if item.strip()]
