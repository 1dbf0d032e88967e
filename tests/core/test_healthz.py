from __future__ import annotations

import time

import pytest

from apps.blend.errors import BlendConnectionError
from apps.core import views

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_remembered_blend_answer():
    views.blend_check.forget()
    yield
    views.blend_check.forget()


class _Blend:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.calls = 0

    def auth_verify(self):
        self.calls += 1
        if self.error:
            raise self.error
        return True


def test_it_reports_ok_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_it_checks_blend_when_deep(client, monkeypatch):
    monkeypatch.setattr("apps.core.views.get_blend", lambda: _Blend())
    response = client.get("/healthz?deep=1")
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "blend": "ok",
        "queue": "ok",
        "queue_waiting": 0,
        "queue_oldest_waiting_seconds": 0.0,
        "queue_failed": 0,
    }


def test_it_checks_the_embedded_sandbox_for_real(client):
    assert client.get("/healthz?deep=1").json()["blend"] == "ok"


def test_it_fails_when_blend_fails(client, monkeypatch):
    monkeypatch.setattr("apps.core.views.get_blend", lambda: _Blend(BlendConnectionError()))
    response = client.get("/healthz?deep=1")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["blend"] == "error"


def test_it_fails_when_the_cache_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr("apps.core.views.cache.set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


def test_it_is_not_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_it_asks_blend_once_for_checks_close_together(client, monkeypatch):
    blend = _Blend()
    monkeypatch.setattr("apps.core.views.get_blend", lambda: blend)
    answers = [client.get("/healthz?deep=1").json()["blend"] for _ in range(3)]
    assert answers == ["ok", "ok", "ok"]
    assert blend.calls == 1


def test_it_asks_blend_again_once_the_answer_is_old(client, monkeypatch):
    blend = _Blend()
    monkeypatch.setattr("apps.core.views.get_blend", lambda: blend)
    client.get("/healthz?deep=1")
    later = time.monotonic() + views.blend_check.TTL + 1
    monkeypatch.setattr("apps.core.views.time.monotonic", lambda: later)
    blend.error = BlendConnectionError()
    assert client.get("/healthz?deep=1").json()["blend"] == "error"
    assert blend.calls == 2


def test_it_remembers_a_failure_too(client, monkeypatch):
    blend = _Blend(BlendConnectionError())
    monkeypatch.setattr("apps.core.views.get_blend", lambda: blend)
    assert [client.get("/healthz?deep=1").status_code for _ in range(2)] == [503, 503]
    assert blend.calls == 1
