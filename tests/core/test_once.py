"""One-time form tokens: signed by the server, claimed once in the database."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from apps.accounts.roles import ROLE_SUPPORT
from apps.accounts.testing import make_user
from apps.core import once
from apps.core.forms import FORM_EXPIRED
from tests.orders.helpers import find_order, toast, token_from, writes


@pytest.mark.django_db
def test_a_token_is_claimed_once():
    token = once.token_new()
    assert once.token_claim(token) is True
    assert once.token_claim(token) is False


@pytest.mark.django_db
def test_a_released_token_can_be_claimed_again():
    token = once.token_new()
    once.token_claim(token)
    once.token_release(token)
    assert once.token_claim(token) is True


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "made-up", "x" * 500, "abc:def:ghi"])
def test_a_token_the_server_did_not_sign_is_refused(token):
    assert once.token_valid(token) is False
    assert once.token_claim(token) is False


@pytest.mark.django_db
def test_a_tampered_token_is_refused():
    token = once.token_new()
    nonce, rest = token.split(":", 1)
    assert once.token_claim(f"{nonce}x:{rest}") is False


@pytest.mark.django_db
def test_an_expired_token_is_refused(monkeypatch):
    token = once.token_new()
    monkeypatch.setattr(once, "TOKEN_TTL", -1)
    assert once.token_valid(token) is False


@pytest.mark.django_db
def test_the_claim_holds_without_the_cache():
    """Another process with its own local-memory cache sees the same claim: it is in the database."""
    token = once.token_new()
    once.token_claim(token)
    cache.clear()
    assert once.token_claim(token) is False


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_claims_succeed_once():
    token = once.token_new()
    start = threading.Barrier(8, timeout=10)
    results = []

    def claim():
        start.wait()
        try:
            results.append(once.token_claim(token))
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=repr) == [False] * 7 + [True], results


# --- a token is its user's (issue 20, item 18) ----------------------------------------------------


@pytest.mark.django_db
def test_a_token_made_for_one_user_is_refused_for_another():
    ann, bob = make_user(ROLE_SUPPORT), make_user(ROLE_SUPPORT)
    with once.token_owner(ann):
        token = once.token_new()
    with once.token_owner(bob):
        assert once.token_valid(token) is False
        assert once.token_claim(token) is False
    with once.token_owner(ann):
        assert once.token_claim(token) is True


def test_a_token_taken_from_another_users_form_is_refused_and_nothing_is_sent(support_client, sandbox, db):
    order = find_order(sandbox, "received", lambda row: True)
    page = support_client.get(f"/orders/{order['id']}/").content.decode()
    token = token_from(page, "pause")
    other = Client()
    other.force_login(make_user(ROLE_SUPPORT))
    url = f"/orders/{order['id']}/actions/pause/"
    form = {"token": token, "confirmed": "1", "return_to": "detail"}
    response = other.post(url, form, headers={"HX-Request": "true"})
    assert writes(sandbox) == []
    assert toast(response)["message"] == FORM_EXPIRED
    support_client.post(url, form, headers={"HX-Request": "true"})  # its own user's form still works
    assert sandbox.state.orders.get(order["id"])["status"] == "paused"
