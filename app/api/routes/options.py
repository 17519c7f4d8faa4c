"""The choices the engine offers and the limits of this server, read from the engine's tables."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import AfterValidator, WithJsonSchema

from app.api.deps import SettingsDep
from app.core import limits
from app.core.config import Settings
from app.schemas.config import field_bounds, one_of
from app.schemas.options import ActivationCurveAt, Options
from engine import RunConfig
from engine import options as engine_options
from engine.activations import ACTIVATIONS
from engine.config import NetworkConfig

router = APIRouter(prefix="/api", tags=["options"])

FIELD_BOUNDS = field_bounds()


def _query_bounds(path: str) -> dict[str, Any]:
    """The ge / gt / le / lt of a Query, as the run config's schema declares them for `path`."""
    bounds = FIELD_BOUNDS[path]
    low = "gt" if bounds["exclusive_min"] else "ge"
    high = "lt" if bounds["exclusive_max"] else "le"
    return {low: bounds["min"], high: bounds["max"]}


DEFAULT_LEAKY_SLOPE = NetworkConfig().leaky_slope

ActivationName = Annotated[
    str,
    Path(
        description="The activation, a value of network.activation (see GET /api/options).",
        examples=["leaky_relu"],
    ),
    AfterValidator(one_of(ACTIVATIONS, "activation")),
    WithJsonSchema({"type": "string", "enum": list(ACTIVATIONS), "examples": ["leaky_relu"]}),
]
LeakySlope = Annotated[
    float,
    Query(
        description="network.leaky_slope: leaky_relu's slope c for z < 0, with the run config's "
        f"bounds; the other activations ignore it. Default {DEFAULT_LEAKY_SLOPE:g}, the curve "
        "GET /api/options already carries.",
        examples=[0.1],
        allow_inf_nan=False,
        **_query_bounds("network.leaky_slope"),
    ),
]


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


@router.get(
    "/activations/{name}/curve",
    response_model=ActivationCurveAt,
)
async def read_activation_curve(
    name: ActivationName, leaky_slope: LeakySlope = DEFAULT_LEAKY_SLOPE
) -> dict[str, Any]:
    """The activation g(z) and its derivative g'(z) computed by the engine at the same z as
    GET /api/options' curves, with leaky_relu at the slope asked for, so a plot shows the
    function a run with that network.leaky_slope trains with. An unknown name or a slope out of
    range is a 422 naming the parameter (and the choices)."""
    curve = engine_options.activation_curve(name, leaky_slope)
    return {"name": name, "leaky_slope": leaky_slope + 0.0, **curve}  # -0.0 -> 0.0
