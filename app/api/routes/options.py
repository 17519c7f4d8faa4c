"""The choices the engine offers and the limits of this server, read from the engine's tables."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.api.deps import SettingsDep
from app.core import limits
from app.core.config import Settings
from app.schemas.config import field_bounds
from app.schemas.options import Options
from engine import RunConfig
from engine import options as engine_options

router = APIRouter(prefix="/api", tags=["options"])

FIELD_BOUNDS = field_bounds()


def server_limits(settings: Settings) -> dict[str, Any]:
    """Every bound a request is checked against."""
    return {
        "max_layers": limits.MAX_LAYERS,
        "max_neurons": limits.MAX_NEURONS,
        "min_samples": limits.MIN_SAMPLES,
        "max_points": limits.MAX_POINTS,
        "min_resolution": limits.MIN_RESOLUTION,
        "max_resolution": limits.MAX_RESOLUTION,
        "default_stream_resolution": limits.DEFAULT_STREAM_RESOLUTION,
        "max_neuron_resolution": limits.MAX_NEURON_RESOLUTION,
        "max_json_grid_values": limits.MAX_JSON_GRID_VALUES,
        "default_neuron_resolution": limits.DEFAULT_NEURON_RESOLUTION,
        "max_steps_per_call": limits.MAX_STEPS_PER_CALL,
        "max_epochs_per_call": limits.MAX_EPOCHS_PER_CALL,
        "max_examples_per_call": limits.MAX_EXAMPLES_PER_CALL,
        "min_fps": limits.MIN_FPS,
        "max_fps": limits.MAX_FPS,
        "default_fps": limits.DEFAULT_FPS,
        "max_steps_per_frame": limits.MAX_STEPS_PER_FRAME,
        "default_steps_per_frame": limits.DEFAULT_STEPS_PER_FRAME,
        "max_classes": limits.MAX_CLASSES,
        "data_box": limits.DATA_BOX,
        "max_sessions": settings.max_sessions,
        "session_ttl": settings.session_ttl,
        "max_body_bytes": settings.max_body_bytes,
        "max_viewers": settings.max_viewers,
        "max_streams": settings.max_streams,
    }


@router.get("/options", response_model=Options)
async def read_options(settings: SettingsDep) -> dict[str, Any]:
    """Datasets, activations, outputs, losses, initialisers, optimisers, schedules,
    regularisers, features, the default config, this server's limits and the fields' bounds."""
    return {
        **engine_options.describe(),
        "defaults": RunConfig().to_dict(),
        "limits": server_limits(settings),
        "bounds": FIELD_BOUNDS,
    }
