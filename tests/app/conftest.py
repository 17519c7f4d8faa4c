"""Fixtures: a fresh app per test (TestClient), and a real uvicorn on loopback for streams."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app

SMALL_RUN: dict[str, Any] = {
    "random_state": 3,
    "data": {"dataset": "xor", "n_samples": 100, "noise": 0.0},
    "network": {"hidden_layer_sizes": [4], "activation": "tanh"},
    "training": {"learning_rate": 0.1, "batch_size": 10},
}

# Diverges within a few steps: a learning rate far too large for this regression.
DIVERGING: dict[str, Any] = {
    "data": {"dataset": "plane", "n_samples": 100},
    "network": {
        "hidden_layer_sizes": [8],
        "activation": "relu",
        "output": "regression",
        "loss": "mse",
    },
    "training": {"learning_rate": 100.0, "batch_size": 100},
}


@pytest.fixture
def settings() -> Settings:
    return Settings(max_sessions=20, session_ttl=600.0, reap_interval=600.0, keepalive=1.0)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def session_id(client: TestClient) -> str:
    response = client.post("/api/sessions", json=SMALL_RUN)
    assert response.status_code == 201, response.text
    identifier: str = response.json()["id"]
    return identifier


class LiveServer:
    """A real uvicorn serving a fresh app from a background thread on 127.0.0.1."""

    def __init__(self, application: FastAPI) -> None:
        self.app = application
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(
            application, log_level="warning", timeout_graceful_shutdown=3, lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.socket.close()


@pytest.fixture
def live_server(settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(create_app(settings)) as server:
        yield server
