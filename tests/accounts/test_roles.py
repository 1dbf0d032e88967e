from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from apps.accounts.models import PERMISSIONS
from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT, roles_ensure, user_role
from apps.accounts.testing import make_user
from apps.core.context_processors import nav_sections

CLINIC = {
    "view_orders",
    "edit_orders",
    "view_patients",
    "edit_patients",
    "view_prescribers",
    "view_catalog",
    "create_orders",
    "view_prescriptions",
    "submit_prescriptions",
    "view_tasks",
    "create_tasks",
    "save_order_views",
}


def _codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_it_gives_clinic_staff_exactly_their_permissions():
    assert _codenames(ROLE_CLINIC) == CLINIC


SUPPORT_ALSO = {"change_order_status", "cancel_order", "view_events"}


@pytest.mark.django_db
def test_it_gives_support_clinic_permissions_but_new_orders_plus_status_cancel_and_events():
    support = (CLINIC - {"create_orders", "submit_prescriptions"}) | SUPPORT_ALSO
    assert _codenames(ROLE_SUPPORT) == support


@pytest.mark.django_db
def test_it_gives_managers_every_permission():
    assert _codenames(ROLE_MANAGER) == {codename for codename, _ in PERMISSIONS}
    assert len(PERMISSIONS) == 24


@pytest.mark.django_db
def test_it_checks_permissions_under_the_accounts_label(clinic_user, support_user):
    assert clinic_user.has_perm("accounts.edit_orders")
    assert not clinic_user.has_perm("accounts.cancel_order")
    assert support_user.has_perm("accounts.cancel_order")
    assert not support_user.has_perm("accounts.view_audit")
    assert not support_user.has_perm("accounts.manage_recalls")
    assert not clinic_user.has_perm("accounts.manage_recalls")


@pytest.mark.django_db
def test_it_names_the_role(clinic_user, support_user, manager_user, outsider):
    assert [user_role(u) for u in (clinic_user, support_user, manager_user, outsider)] == [
        ROLE_CLINIC, ROLE_SUPPORT, ROLE_MANAGER, "No role",
    ]  # fmt: skip


@pytest.mark.django_db
def test_it_names_the_most_senior_role_of_a_user_in_two_groups():
    user = make_user(ROLE_CLINIC)
    user.groups.add(Group.objects.get(name=ROLE_MANAGER))
    assert user_role(user) == ROLE_MANAGER


@pytest.mark.django_db
def test_it_recreates_missing_roles_idempotently():
    Group.objects.all().delete()
    roles_ensure()
    roles_ensure()
    assert Group.objects.count() == 3
    support = (CLINIC - {"create_orders", "submit_prescriptions"}) | SUPPORT_ALSO
    assert _codenames(ROLE_SUPPORT) == support


@pytest.mark.django_db
def test_it_shows_audit_in_the_nav_for_managers_only(settings, manager_client, support_client):
    settings.ROOT_URLCONF = "tests.core.test_layout"  # /page/ renders the layout
    assert 'href="/audit/"' in manager_client.get("/page/").text
    assert 'href="/audit/"' not in support_client.get("/page/").text


@pytest.mark.django_db
def test_it_lists_only_sections_the_user_may_see(manager_user, clinic_user, outsider):
    manager = [s["label"] for s in nav_sections(manager_user)]
    clinic = [s["label"] for s in nav_sections(clinic_user)]
    assert "Audit" in manager
    assert "Audit" not in clinic
    assert nav_sections(outsider) == []
