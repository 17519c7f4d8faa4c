"""Fixtures every test folder shares."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from engine.sweeps.ray_executor import ray_available

RAY_REQUIRED = os.environ.get("NN_PLAYGROUND_REQUIRE_RAY") == "1"
"""CI sets NN_PLAYGROUND_REQUIRE_RAY=1: a missing Ray is then a failure, never a skip."""


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A real local Ray with 2 CPUs, started in this process for one test module."""
    if not ray_available():
        if RAY_REQUIRED:
            pytest.fail("Ray is required (NN_PLAYGROUND_REQUIRE_RAY=1) but cannot be imported")
        pytest.skip("Ray is not installed: pip install -e '.[cluster]' to run the Ray test")
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()
