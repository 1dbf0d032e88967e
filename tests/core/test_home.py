from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import include, path

pytestmark = pytest.mark.django_db

urlpatterns = [
    path("", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("orders/", include(([path("", lambda r: HttpResponse(), name="list")], "orders"))),
]


def test_it_redirects_to_orders_when_orders_exists(settings, clinic_client):
    settings.ROOT_URLCONF = __name__
    response = clinic_client.get("/")
    assert response.status_code == 302
    assert response.url == "/orders/"


def test_it_welcomes_users_without_orders_permission(settings, outsider_client):
    settings.ROOT_URLCONF = __name__
    response = outsider_client.get("/")
    assert response.status_code == 200
    assert b"Your account has no BlendAdmin role yet" in response.content


def test_it_welcomes_while_orders_does_not_exist(manager_client, monkeypatch):
    from django.urls import NoReverseMatch

    def no_orders(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr("apps.core.views.reverse", no_orders)
    response = manager_client.get("/")
    assert response.status_code == 200
    assert b"Welcome," in response.content
