from __future__ import annotations

import time

import pytest
from django.shortcuts import redirect
from django.urls import include, path

from apps.core.middleware import LAST_ACTIVITY_KEY

pytestmark = pytest.mark.django_db

urlpatterns = [  # a page that redirects, for the HTMX redirect test
    path("", lambda request: redirect("/orders/")),
    path("accounts/", include("apps.accounts.urls")),
]


def _idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds
    session.save()


def test_it_records_activity(manager_client):
    manager_client.get("/audit/")
    assert abs(manager_client.session[LAST_ACTIVITY_KEY] - time.time()) < 5


def test_it_keeps_an_active_session(manager_client):
    _idle_for(manager_client, 29 * 60)
    assert manager_client.get("/audit/").status_code == 200


def test_it_signs_out_after_the_idle_timeout(manager_client):
    _idle_for(manager_client, 31 * 60)
    response = manager_client.get("/audit/?user=bob")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/audit/%3Fuser%3Dbob"
    assert "_auth_user_id" not in manager_client.session


def test_it_says_why_on_the_login_page(manager_client):
    _idle_for(manager_client, 31 * 60)
    response = manager_client.get("/audit/", follow=True)
    assert b"Signed out after 30 minutes of inactivity." in response.content


def test_it_uses_the_configured_timeout(settings, manager_client):
    settings.SESSION_IDLE_TIMEOUT = 120
    _idle_for(manager_client, 121)
    response = manager_client.get("/audit/", follow=True)
    assert b"Signed out after 2 minutes of inactivity." in response.content


def test_it_redirects_htmx_requests_with_hx_redirect(manager_client, htmx_headers):
    _idle_for(manager_client, 31 * 60)
    headers = {**htmx_headers, "HX-Current-URL": "http://testserver/audit/?page=2"}
    response = manager_client.get("/audit/?page=2", headers=headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/audit/%3Fpage%3D2"


def test_it_sends_anonymous_htmx_requests_to_login_with_hx_redirect(client, htmx_headers):
    headers = {**htmx_headers, "HX-Current-URL": "http://testserver/audit/?user=bob"}
    response = client.get("/audit/?page=2", headers=headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/audit/%3Fuser%3Dbob"


def test_it_leaves_other_htmx_redirects_alone(manager_client, htmx_headers, settings):
    settings.ROOT_URLCONF = __name__
    response = manager_client.get("/", headers=htmx_headers)
    assert response.status_code == 302
    assert response["Location"] == "/orders/"
