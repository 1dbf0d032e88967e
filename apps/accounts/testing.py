"""Test personas, shared by tests/conftest.py and the frame's own tests."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT, roles_ensure

_counter = itertools.count(1)
_SLUGS = {ROLE_CLINIC: "clinic", ROLE_SUPPORT: "support", ROLE_MANAGER: "manager", None: "outsider"}


def make_user(role: str | None, *, username: str = "", password: str = ""):
    """A user in the given role's group (None: signed-in user in no group, the "outsider").

    Without `password` the user gets an unusable one (log in with `client.force_login`)."""
    if role not in _SLUGS:
        raise ValueError(f"Unknown role {role!r}")
    username = username or f"{_SLUGS[role]}-{next(_counter)}"
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password=password or None
    )
    if role is not None:
        group = Group.objects.filter(name=role).first() or roles_ensure()[role]
        user.groups.add(group)
    return user
