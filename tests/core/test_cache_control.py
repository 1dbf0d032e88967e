"""Signed-in pages are never stored by the browser; static files and /healthz keep their headers."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_signed_in_page_is_not_stored(manager_client):
    response = manager_client.get("/audit/")
    assert {"no-store", "private"} <= _directives(response)


def test_a_fragment_and_an_error_page_are_not_stored(clinic_client, htmx_headers):
    assert {"no-store", "private"} <= _directives(clinic_client.get("/patients/", headers=htmx_headers))
    assert {"no-store", "private"} <= _directives(clinic_client.get("/audit/"))  # 403


def test_healthz_keeps_its_own_headers(client, manager_client):
    expected = {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}  # its @never_cache
    assert _directives(client.get("/healthz")) == expected
    assert _directives(manager_client.get("/healthz")) == expected


def test_static_files_keep_their_caching(settings, manager_user):
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ as in production, after collectstatic
    client = Client()  # its middleware is built at its first request, with the setting above
    client.force_login(manager_user)
    response = client.get("/static/css/app.css")
    response.close()  # the file WhiteNoise opened
    assert response.status_code == 200
    assert "no-store" not in _directives(response)
