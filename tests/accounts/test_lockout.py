from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.roles import ROLE_SUPPORT
from apps.accounts.testing import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def bob():
    return make_user(ROLE_SUPPORT, username="bob", password=PASSWORD)


def _fail(client: Client, times: int, username: str = "bob") -> list[int]:
    data = {"username": username, "password": "wrong"}
    return [client.post("/accounts/login/", data).status_code for _ in range(times)]


def test_it_still_accepts_the_right_password_after_four_failures(client, bob):
    _fail(client, 4)
    response = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302


def test_it_answers_the_fifth_failure_with_the_lockout_page(client, bob):
    assert _fail(client, 5) == [200, 200, 200, 200, 429]


def test_it_locks_out_after_five_failures_even_with_the_right_password(client, bob):
    _fail(client, 5)
    response = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Sign-in locked" in response.content
    assert b"for 15 minutes" in response.content
    assert "_auth_user_id" not in client.session


def test_it_locks_the_username_only_from_that_address(bob):
    _fail(Client(REMOTE_ADDR="10.0.0.1"), 5)
    other = Client(REMOTE_ADDR="10.0.0.2")
    response = other.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302


def test_it_does_not_lock_other_usernames_from_that_address(client, bob):
    make_user(ROLE_SUPPORT, username="carol", password=PASSWORD)
    _fail(client, 5)
    response = client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    assert response.status_code == 302


def test_it_locks_by_the_forwarded_address_behind_a_proxy(settings, bob):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    _fail(Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.5"), 5)
    other = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.6")
    response = other.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
