"""The signed-in user, their permissions and their role, kept in the shared cache between requests.

Every page asks for all three (the session's user, the menu and buttons, the audit row's role), and
Django reads them from the database on every request: four queries before a page can render. Here
they are read once. A user is forgotten whenever it is saved or deleted (a login, a password or
`is_active` change); permissions and role are kept under a version stamp that any change to groups,
permissions or a user's memberships bumps (signals in AccountsConfig.ready), so a change made
through Django takes effect on the next request. ACCESS_TTL bounds how long a change made behind
Django's back (raw SQL, or another process with a local-memory cache) can go unseen.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

ACCESS_TTL = 60  # seconds
VERSION_KEY = "accounts:access-version"


def _user_key(user: Any) -> str:
    return f"accounts:access:{user.pk}:{int(user.is_superuser)}"


def access_cached(user: Any, compute: Callable[[], tuple[frozenset[str], str]]) -> tuple[frozenset[str], str]:
    """(permissions, role) of `user`, from the cache when still current, else `compute()`d and kept."""
    user_key = _user_key(user)
    found = cache.get_many([VERSION_KEY, user_key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    entry = found.get(user_key)
    if entry is not None and entry[0] == version:
        return entry[1], entry[2]
    perms, role = compute()
    cache.set(user_key, (version, perms, role), ACCESS_TTL)
    return perms, role


def _stored_user_key(user_id: Any) -> str:
    return f"accounts:user:{user_id}"


def user_changed(instance: Any, **kwargs: Any) -> None:
    """Signal receiver: the stored copy of this user is stale."""
    cache.delete(_stored_user_key(instance.pk))


def access_changed(**kwargs: Any) -> None:
    """Signal receiver: any cached permissions or role may be stale now."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, with the session's user and the permission set read from the cache."""

    def get_user(self, user_id: Any) -> Any:
        key = _stored_user_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, ACCESS_TTL)
            return user
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            from apps.accounts.roles import user_access  # roles imports this module

            user_obj._perm_cache = set(user_access(user_obj)[0])
        return user_obj._perm_cache
