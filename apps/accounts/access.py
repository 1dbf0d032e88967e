"""The signed-in user, their permissions and their role: one database query per request.

Nothing about a user is kept between requests (no copy of the User, whose row holds the password
hash, and no permission cache): a role taken away or an account deactivated, through Django, raw SQL
or another process, applies on the next request in every process. Django's ModelBackend needs one
query for the user, two for the permissions and the role a fourth, each built by the ORM; here one
prepared SQL statement returns the user's row with their groups' and their own permissions.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router

ACCESS_ATTR = "_blendadmin_access"


@functools.cache
def _statement(alias: str) -> str:
    """SELECT the user's row once per permission they hold through a group or directly (once with
    NULLs when none), with the group's name ("" for a direct permission), app label and codename."""
    quote = connections[alias].ops.quote_name
    user = get_user_model()
    memberships, own = user.groups.through._meta, user.user_permissions.through._meta
    granted = Group.permissions.through._meta

    def table(meta) -> str:
        return quote(meta.db_table)

    def column(meta, name: str) -> str:
        return quote(meta.get_field(name).column)

    pk = quote(user._meta.pk.column)
    perm_pk, group_pk = quote(Permission._meta.pk.column), quote(Group._meta.pk.column)
    content_type = f"{table(ContentType._meta)} ct ON ct.{quote(ContentType._meta.pk.column)}"
    content_type += f" = p.{column(Permission._meta, 'content_type')}"
    # Only table and column names from the models' metadata go into the text; the id is a parameter.
    return f"""
        SELECT u.*, a.access_group, a.access_app, a.access_codename
        FROM {table(user._meta)} u
        LEFT JOIN (
            SELECT m.{column(memberships, "user")} AS access_user, g.{quote("name")} AS access_group,
                   ct.{quote("app_label")} AS access_app, p.{quote("codename")} AS access_codename
            FROM {table(memberships)} m
            JOIN {table(Group._meta)} g ON g.{group_pk} = m.{column(memberships, "group")}
            LEFT JOIN {table(granted)} gp ON gp.{column(granted, "group")} = g.{group_pk}
            LEFT JOIN {table(Permission._meta)} p ON p.{perm_pk} = gp.{column(granted, "permission")}
            LEFT JOIN {content_type}
            WHERE m.{column(memberships, "user")} = %s
            UNION ALL
            SELECT o.{column(own, "user")}, '', ct.{quote("app_label")}, p.{quote("codename")}
            FROM {table(own)} o
            JOIN {table(Permission._meta)} p ON p.{perm_pk} = o.{column(own, "permission")}
            JOIN {content_type}
            WHERE o.{column(own, "user")} = %s
        ) a ON a.access_user = u.{pk}
        WHERE u.{pk} = %s
    """  # noqa: S608


def load_user(user_id: Any) -> Any:
    """The user with this primary key, their access (permissions, group names) attached, or None."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = router.db_for_read(model)
    rows = list(model._default_manager.db_manager(alias).raw(_statement(alias), [pk, pk, pk]))
    if not rows:
        return None
    user = rows[0]
    permissions = {f"{row.access_app}.{row.access_codename}" for row in rows if row.access_codename}
    groups = frozenset(row.access_group for row in rows if row.access_group)
    if user.is_superuser:  # every permission, as Django's ModelBackend gives a superuser
        permissions = {
            f"{app}.{codename}"
            for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
        }
    user._blendadmin_groups = (frozenset(permissions), groups)
    return user


def load_access(user: Any) -> tuple[frozenset[str], frozenset[str]]:
    """(permissions as "app_label.codename", names of the user's groups) of a loaded user."""
    found = getattr(user, "_blendadmin_groups", None)
    if found is None:
        loaded = load_user(user.pk)
        found = loaded._blendadmin_groups if loaded is not None else (frozenset(), frozenset())
    return found


class AccessBackend(ModelBackend):
    """Django's ModelBackend, with the session's user, permissions and role read in one query."""

    def get_user(self, user_id: Any) -> Any:
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            from apps.accounts.roles import user_access  # roles imports this module

            user_obj._perm_cache = set(user_access(user_obj)[0])
        return user_obj._perm_cache
