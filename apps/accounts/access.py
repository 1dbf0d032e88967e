"""The signed-in user's permissions and role, read from the database once per request.

Nothing about a user is kept between requests (no copy of the User, whose row holds the password
hash, and no permission cache): a role taken away or an account deactivated, through Django, raw SQL
or another process, applies on the next request in every process. Django's ModelBackend reads user
and group permissions in two queries and the role needs a third; here one query returns the user's
groups with their permissions and the user's own permissions together.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value

ACCESS_ATTR = "_blendadmin_access"


def load_access(user: Any) -> tuple[frozenset[str], frozenset[str]]:
    """(permissions as "app_label.codename", names of the user's groups), in one query."""
    if user.is_superuser:
        rows = Permission.objects.annotate(group_name=Value("", output_field=CharField())).values_list(
            "group_name", "content_type__app_label", "codename"
        )
        groups = frozenset(Group.objects.filter(user=user).values_list("name", flat=True))
        return frozenset(f"{app}.{codename}" for _, app, codename in rows), groups
    from_groups = (
        Group.objects.filter(user=user)
        .order_by()
        .values_list("name", "permissions__content_type__app_label", "permissions__codename")
    )
    own = (
        Permission.objects.filter(user=user)
        .order_by()
        .annotate(group_name=Value("", output_field=CharField()))
        .values_list("group_name", "content_type__app_label", "codename")
    )
    permissions, groups = set(), set()
    for group, app, codename in from_groups.union(own, all=True):
        if group:
            groups.add(group)
        if codename:
            permissions.add(f"{app}.{codename}")
    return frozenset(permissions), frozenset(groups)


class AccessBackend(ModelBackend):
    """Django's ModelBackend, with the permission set read in one query with the role (once per user
    object, which is one per request)."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            from apps.accounts.roles import user_access  # roles imports this module

            user_obj._perm_cache = set(user_access(user_obj)[0])
        return user_obj._perm_cache
