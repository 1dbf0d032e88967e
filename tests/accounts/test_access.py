"""Django's ModelBackend: nothing about a user is kept between requests, so a role given or taken,
a permission removed or an account deactivated applies on the user's next request."""

from __future__ import annotations

import pickle

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches

from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT, user_role
from apps.accounts.testing import make_user
from apps.audit.models import AuditEntry
from apps.core.once import token_new
from apps.orders import rules
from tests.orders.helpers import find_order, writes

CANCEL = "accounts.cancel_order"


def fresh(user):
    """The user as the next request loads it (no per-object caches)."""
    return get_user_model().objects.get(pk=user.pk)


def test_it_uses_djangos_own_backend(settings):
    assert "django.contrib.auth.backends.ModelBackend" in settings.AUTHENTICATION_BACKENDS


@pytest.mark.django_db
def test_a_users_own_permission_counts_too():
    user = make_user(ROLE_CLINIC)
    user.user_permissions.add(Permission.objects.get(codename="cancel_order"))
    assert fresh(user).has_perm(CANCEL)
    assert user_role(fresh(user)) == ROLE_CLINIC


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


def _pause(client, order_id: str):
    data = {"token": token_new(), "confirmed": "1", "return_to": "detail"}
    return client.post(f"/orders/{order_id}/actions/pause/", data, headers={"HX-Request": "true"})


def _memberships(user):
    """The user's group memberships, as another process or raw SQL would change them: no signals."""
    return get_user_model().groups.through.objects.filter(user_id=user.pk)


@pytest.mark.django_db
def test_a_user_stripped_of_their_roles_elsewhere_cannot_pause_on_the_next_request(
    support_client, support_user, sandbox
):
    order = find_order(sandbox, "received")
    assert support_client.get(f"/orders/{order['id']}/").status_code == 200
    _memberships(support_user).delete()
    assert _pause(support_client, order["id"]).status_code == 403
    assert writes(sandbox) == []


@pytest.mark.django_db
def test_the_audit_row_names_a_role_given_elsewhere(support_client, support_user, sandbox):
    order = find_order(sandbox, "received")
    assert support_client.get(f"/orders/{order['id']}/").status_code == 200
    _memberships(support_user).delete()
    _memberships(support_user).model.objects.create(
        user_id=support_user.pk, group_id=Group.objects.get(name=ROLE_MANAGER).pk
    )
    assert _pause(support_client, order["id"]).status_code == 200
    assert AuditEntry.objects.get(action=rules.ACTIONS["pause"].audit).role == ROLE_MANAGER


@pytest.mark.django_db
def test_an_account_deactivated_elsewhere_is_signed_out_on_the_next_request(support_client, support_user):
    assert support_client.get("/orders/").status_code == 200
    get_user_model().objects.filter(pk=support_user.pk).update(is_active=False)
    response = support_client.get("/orders/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_it_keeps_no_copy_of_the_user_in_the_cache(support_client, support_user, monkeypatch):
    stored = []
    backend = caches["default"]
    for name in ("set", "add", "set_many"):
        original = getattr(backend, name)
        monkeypatch.setattr(backend, name, lambda *a, _o=original, **k: stored.append(a) or _o(*a, **k))
    assert support_client.get("/orders/").status_code == 200
    assert support_client.get("/orders/").status_code == 200
    assert support_user.password.encode() not in pickle.dumps(stored)


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
