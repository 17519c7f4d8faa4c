from fastapi.testclient import TestClient

from app.main import create_app


def test_health_answers_ok() -> None:
    with TestClient(create_app()) as client:
        response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_page_is_served_as_html() -> None:
    with TestClient(create_app()) as client:
        response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>NN Playground</title>" in response.text


def test_static_files_are_served() -> None:
    with TestClient(create_app()) as client:
        response = client.get("/static/playground.css")
    assert response.status_code == 200
    assert "text/css" in response.headers["content-type"]
