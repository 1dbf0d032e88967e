from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path

pytestmark = pytest.mark.django_db


def _forbidden(request):
    raise PermissionDenied


def _crash(request):
    raise RuntimeError("boom with Jane Doe")


urlpatterns = [
    path("", include("blendadmin.urls")),
    path("forbidden/", _forbidden),
    path("crash/", _crash),
]
handler403 = "apps.audit.views.permission_denied"
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"


@pytest.fixture(autouse=True)
def error_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_it_renders_404_in_the_layout(clinic_client):
    response = clinic_client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"There is no page at this address." in response.content
    assert b'class="topbar"' in response.content


def test_it_renders_403_in_the_layout(clinic_client):
    response = clinic_client.get("/forbidden/")
    assert response.status_code == 403
    assert b"You are not allowed to see this page" in response.content
    assert b"Clinic staff" in response.content


def test_it_renders_500_without_a_traceback(clinic_user):
    client = Client(raise_request_exception=False)
    client.force_login(clinic_user)
    response = client.get("/crash/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"Jane Doe" not in response.content
    assert b"Traceback" not in response.content
