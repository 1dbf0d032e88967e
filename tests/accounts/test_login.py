from __future__ import annotations

import pytest

from apps.accounts.roles import ROLE_CLINIC
from apps.accounts.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user(ROLE_CLINIC, username="alice", password="correct-horse-battery")


def test_it_shows_the_login_form_in_the_layout(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"Sign in to BlendAdmin" in response.content
    assert b'class="topbar"' in response.content


def test_it_signs_in_and_follows_next(client, alice):
    data = {"username": "alice", "password": "correct-horse-battery", "next": "/audit/"}
    response = client.post("/accounts/login/", data)
    assert response.status_code == 302
    assert response.url == "/audit/"
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_it_signs_in_to_home_without_next(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "correct-horse-battery"})
    assert response.url == "/"


def test_it_refuses_a_wrong_password_with_a_message(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_it_ignores_an_offsite_next(client, alice):
    data = {"username": "alice", "password": "correct-horse-battery", "next": "https://evil.example/"}
    response = client.post("/accounts/login/", data)
    assert response.url == "/"


def test_it_signs_out_on_post(clinic_client):
    response = clinic_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert "_auth_user_id" not in clinic_client.session


def test_it_does_not_sign_out_on_get(clinic_client):
    assert clinic_client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in clinic_client.session


def test_it_shows_user_role_and_a_logout_form(settings, clinic_client, clinic_user):
    settings.ROOT_URLCONF = "tests.core.test_layout"  # /page/ renders the layout
    html = clinic_client.get("/page/").text
    assert clinic_user.username in html
    assert "Clinic staff" in html
    assert 'method="post" action="/accounts/logout/"' in html
