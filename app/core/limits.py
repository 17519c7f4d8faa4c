"""Fixed bounds on what one request may ask for; the schemas declare them so OpenAPI shows them."""

from __future__ import annotations

from engine.config import MAX_SEED as ENGINE_MAX_SEED
from engine.datasets import BOX

MAX_LAYERS = 8
MAX_NEURONS = 16
MAX_POINTS = 2000
MIN_SAMPLES = 10
MIN_RESOLUTION = 4
MAX_RESOLUTION = 200
MAX_STEPS_PER_CALL = 10_000
MAX_EPOCHS_PER_CALL = 1_000
# Steps x examples per step: bounds one call's time (10,000 full-batch steps of 2000 points: 15 s).
MAX_EXAMPLES_PER_CALL = 500_000
MIN_FPS = 1
MAX_FPS = 60
MAX_STEPS_PER_FRAME = 100
DEFAULT_FPS = 30
DEFAULT_STEPS_PER_FRAME = 5
DEFAULT_STREAM_RESOLUTION = 50
MAX_NEURON_RESOLUTION = 100
MAX_JSON_GRID_VALUES = 250_000
DEFAULT_NEURON_RESOLUTION = 24
MAX_CLASSES = 10
# The engine's own bounds, the same on both sides.
MAX_SEED = ENGINE_MAX_SEED
DATA_BOX = BOX
MAX_ABS_WEIGHT = 1_000.0
MAX_ABS_TARGET = 1_000_000.0
MAX_CSV_ERRORS_SHOWN = 1
# GET /api/datasets/samples: points per dataset, and how long a browser may keep the answer (s).
MIN_SAMPLE_POINTS = 10
MAX_SAMPLE_POINTS = 500
DEFAULT_SAMPLE_POINTS = 120
SAMPLES_MAX_AGE = 3600
# A sweep's boundary pictures: cells per side (1,000 runs x 64² bytes stay near 4 MB).
MAX_SWEEP_THUMBNAIL = 64
