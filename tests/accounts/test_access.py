"""Permissions and role kept in the cache between requests, and forgotten when they change."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from apps.accounts import access
from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT, user_role
from apps.accounts.testing import make_user

CANCEL = "accounts.cancel_order"


def fresh(user):
    """The user as the next request loads it (no per-object caches)."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.django_db
def test_a_second_request_reads_permissions_and_role_without_the_database(django_assert_num_queries):
    user = make_user(ROLE_SUPPORT)
    assert fresh(user).has_perm(CANCEL)
    again = fresh(user)
    with django_assert_num_queries(0):
        assert again.has_perm(CANCEL)
        assert user_role(again) == ROLE_SUPPORT


@pytest.mark.django_db
def test_joining_a_group_takes_effect_on_the_next_request():
    user = make_user(ROLE_CLINIC)
    assert not fresh(user).has_perm(CANCEL)
    user.groups.add(Group.objects.get(name=ROLE_MANAGER))
    assert fresh(user).has_perm(CANCEL)
    assert user_role(fresh(user)) == ROLE_MANAGER


@pytest.mark.django_db
def test_leaving_a_group_takes_effect_on_the_next_request():
    user = make_user(ROLE_SUPPORT)
    assert fresh(user).has_perm(CANCEL)
    user.groups.clear()
    assert not fresh(user).has_perm(CANCEL)
    assert user_role(fresh(user)) == "No role"


@pytest.mark.django_db
def test_a_permission_taken_from_a_group_is_gone_on_the_next_request():
    user = make_user(ROLE_SUPPORT)
    assert fresh(user).has_perm(CANCEL)
    Group.objects.get(name=ROLE_SUPPORT).permissions.remove(Permission.objects.get(codename="cancel_order"))
    assert not fresh(user).has_perm(CANCEL)


@pytest.mark.django_db
def test_becoming_superuser_is_seen_at_once():
    user = make_user(None)
    assert not fresh(user).has_perm(CANCEL)
    user.is_superuser = True
    user.save()
    assert fresh(user).has_perm(CANCEL)


@pytest.mark.django_db
def test_an_inactive_user_has_no_permissions():
    user = make_user(ROLE_MANAGER)
    assert fresh(user).has_perm(CANCEL)
    user.is_active = False
    user.save()
    assert not fresh(user).has_perm(CANCEL)


@pytest.mark.django_db
def test_entries_expire_after_the_ttl(monkeypatch):
    captured = {}
    monkeypatch.setattr(access.cache, "set", lambda key, value, ttl: captured.setdefault(key, ttl))
    fresh(make_user(ROLE_CLINIC)).has_perm(CANCEL)
    assert [ttl for key, ttl in captured.items() if key.startswith("accounts:access:")] == [access.ACCESS_TTL]


@pytest.mark.django_db
def test_a_signed_in_page_needs_no_query_once_the_user_is_known(support_client, django_assert_num_queries):
    assert support_client.get("/orders/").status_code == 200
    with django_assert_num_queries(0):
        assert support_client.get("/orders/").status_code == 200


@pytest.mark.django_db
def test_a_deactivated_user_is_signed_out_on_the_next_request(support_client, support_user):
    assert support_client.get("/orders/").status_code == 200
    support_user.is_active = False
    support_user.save()
    response = support_client.get("/orders/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_password_change_ends_other_sessions(support_client, support_user):
    assert support_client.get("/orders/").status_code == 200
    support_user.set_password("a-new-long-password-123")
    support_user.save()
    response = support_client.get("/orders/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
