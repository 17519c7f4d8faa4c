"""Saved runs in one process: memory by default, expiry and the size budget reach the file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from app.sessions.store import SessionStore
from tests.app.conftest import SMALL_RUN


def _store(app: FastAPI) -> SessionStore:
    store: SessionStore = app.state.store
    return store


def _stored(client: TestClient, store: SessionStore, session_id: str) -> bool:
    row = client.portal.call(store.storage.run, lambda db: db.load_session(session_id))  # type: ignore[union-attr]
    return row is not None


def test_settings_made_in_code_keep_sessions_in_memory(tmp_path: Path) -> None:
    app = create_app(Settings())
    with TestClient(app) as client:
        assert client.post("/api/sessions", json=SMALL_RUN).status_code == 201
        assert _store(app).storage.persistent is False
    assert Settings().db == ""


@pytest.mark.parametrize("switch", [":memory:", "off"])
def test_the_off_switches_keep_sessions_in_memory(switch: str, tmp_path: Path) -> None:
    app = create_app(Settings(db=switch))
    with TestClient(app) as client:
        session_id = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
        client.portal.call(_store(app).save_changed)
        assert client.get("/health").json() == {"status": "ok"}
        assert client.post(f"/api/sessions/{session_id}/share").status_code == 201
    assert _store(app).storage.persistent is False
    assert list(tmp_path.iterdir()) == []


def test_an_expired_session_leaves_the_database_too(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "p.db"), session_ttl=0.5, reap_interval=600)
    app = create_app(settings)
    store = _store(app)
    with TestClient(app) as client:
        kept_away = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
        client.portal.call(store.save_changed)
        assert _stored(client, store, kept_away)
        time.sleep(0.6)
        client.portal.call(store.reap)
        assert not _stored(client, store, kept_away)
        assert client.get(f"/api/sessions/{kept_away}").status_code == 404


def test_a_deleted_session_leaves_the_database(tmp_path: Path) -> None:
    app = create_app(Settings(db=str(tmp_path / "p.db")))
    store = _store(app)
    with TestClient(app) as client:
        session_id = client.post("/api/sessions", json=SMALL_RUN).json()["id"]
        client.portal.call(store.save_changed)
        assert client.delete(f"/api/sessions/{session_id}").status_code == 204
        assert not _stored(client, store, session_id)


def test_past_the_budget_the_least_recently_active_sessions_go_first(tmp_path: Path) -> None:
    app = create_app(Settings(db=str(tmp_path / "p.db"), db_max_mb=0.004))  # about 4 KB
    store = _store(app)
    with TestClient(app) as client:
        oldest, newest = (client.post("/api/sessions", json=SMALL_RUN).json()["id"] for _ in "ab")
        client.get(f"/api/sessions/{newest}")
        client.portal.call(store.save_changed)
        assert not _stored(client, store, oldest)
        assert _stored(client, store, newest)
