"""The three roles (auth groups) and the permissions each one holds."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from apps.accounts.models import PERMISSIONS, BlendAdminPermission

ROLE_CLINIC = "Clinic staff"
ROLE_SUPPORT = "Support"
ROLE_MANAGER = "Manager"
ROLES = (ROLE_CLINIC, ROLE_SUPPORT, ROLE_MANAGER)

_CLINIC = [
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
]
# Support chases orders: it sees e-prescriptions and tasks and leaves tasks, but does not type in
# new orders or prescriptions (clinic staff's job).
_SUPPORT = [
    *(p for p in _CLINIC if p not in ("create_orders", "submit_prescriptions")),
    "change_order_status",
    "cancel_order",
    "view_events",
]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    ROLE_CLINIC: _CLINIC,
    ROLE_SUPPORT: _SUPPORT,
    ROLE_MANAGER: [codename for codename, _ in PERMISSIONS],
}


def user_role(user) -> str:
    """The most senior role the user holds, for display and the audit log. Read from the database
    once per user object, which Django loads afresh for every request (as ModelBackend keeps its
    `_perm_cache`), so a role changed anywhere shows on the next request."""
    if user is None or not user.is_authenticated:
        return ""
    role = getattr(user, "_role_cache", None)
    if role is None:
        held = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        role = next((name for name in reversed(ROLES) if name in held), "")
        role = role or ("Superuser" if user.is_superuser else "No role")
        user._role_cache = role
    return role


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create the permissions and role groups if missing (the migration does the same; this repairs
    a flushed database, e.g. after a transactional test). Idempotent."""
    content_type, _ = ContentType.objects.get_or_create(
        app_label=BlendAdminPermission._meta.app_label, model=BlendAdminPermission._meta.model_name
    )
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS
    }
    groups = {}
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([permissions[codename] for codename in codenames])
        groups[role] = group
    return groups
