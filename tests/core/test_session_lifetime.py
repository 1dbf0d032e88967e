"""SESSION_COOKIE_AGE is an absolute lifetime from sign-in; the idle clock starts at sign-in."""

from __future__ import annotations

import time

import pytest

from apps.core.middleware import LAST_ACTIVITY_KEY, SIGNED_IN_KEY

pytestmark = pytest.mark.django_db


def _shift(client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def test_the_idle_clock_starts_at_sign_in(manager_client):
    assert abs(manager_client.session[LAST_ACTIVITY_KEY] - time.time()) < 5


def test_a_session_idle_since_sign_in_ends(manager_client):
    _shift(manager_client, LAST_ACTIVITY_KEY, 31 * 60)
    response = manager_client.get("/audit/")
    assert response.status_code == 302
    assert "_auth_user_id" not in manager_client.session


def test_an_active_session_ends_after_its_lifetime(manager_client, settings):
    _shift(manager_client, SIGNED_IN_KEY, settings.SESSION_COOKIE_AGE + 1)
    response = manager_client.get("/audit/", follow=True)
    assert b"Signed out: a session lasts at most 12 hours." in response.content
    assert "_auth_user_id" not in manager_client.session


def test_activity_does_not_move_the_session_expiry(manager_client):
    expires = manager_client.session.get_expiry_date()
    _shift(manager_client, LAST_ACTIVITY_KEY, 120)  # the next request stores its activity
    assert manager_client.get("/audit/").status_code == 200
    assert manager_client.session[LAST_ACTIVITY_KEY] > time.time() - 5
    assert manager_client.session.get_expiry_date() == expires


def test_the_session_expires_its_lifetime_after_sign_in(manager_client, settings):
    signed_in = manager_client.session[SIGNED_IN_KEY]
    expires = manager_client.session.get_expiry_date().timestamp()
    assert expires == signed_in + settings.SESSION_COOKIE_AGE
