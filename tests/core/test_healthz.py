from __future__ import annotations

import pytest

from apps.blend.errors import BlendConnectionError

pytestmark = pytest.mark.django_db


class _Blend:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error

    def auth_verify(self):
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
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "blend": "ok"}


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
