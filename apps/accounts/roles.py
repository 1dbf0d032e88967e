"""The three roles (auth groups) and the permissions each one holds."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from apps.accounts.access import ACCESS_ATTR, load_access
from apps.accounts.models import PERMISSIONS, BlendAdminPermission

ROLE_CLINIC = "Clinic staff"
ROLE_SUPPORT = "Support"
ROLE_MANAGER = "Manager"
ROLES = (ROLE_CLINIC, ROLE_SUPPORT, ROLE_MANAGER)

_CLINIC = ["view_orders", "edit_orders", "view_patients", "edit_patients", "view_prescribers", "view_catalog"]
_SUPPORT = [*_CLINIC, "change_order_status", "cancel_order"]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    ROLE_CLINIC: _CLINIC,
    ROLE_SUPPORT: _SUPPORT,
    ROLE_MANAGER: [codename for codename, _ in PERMISSIONS],
}


def user_role(user) -> str:
    """The most senior role the user holds, for display and the audit log."""
    if user is None or not user.is_authenticated:
        return ""
    return user_access(user)[1]


def user_access(user) -> tuple[frozenset[str], str]:
    """(permissions, role) of a signed-in user: read once per user object (one per request), in one
    query (apps.accounts.access)."""
    access = getattr(user, ACCESS_ATTR, None)
    if access is None:
        permissions, groups = load_access(user)
        access = (permissions if user.is_active else frozenset(), _most_senior_role(user, groups))
        setattr(user, ACCESS_ATTR, access)
    return access


def _most_senior_role(user, names: frozenset[str]) -> str:
    for role in reversed(ROLES):
        if role in names:
            return role
    return "Superuser" if user.is_superuser else "No role"


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
