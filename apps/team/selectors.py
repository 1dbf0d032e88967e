"""Reads for the team page: BlendAdmin's own users (Django's users and groups, not Blend)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.accounts.roles import ROLES


@dataclass(frozen=True)
class Member:
    id: int
    username: str
    email: str
    role: str  # the most senior role, "" for none
    last_login: datetime | None
    is_active: bool
    locked: bool
    invited: bool  # has not chosen a password yet (their invite link is unused)


def _locked_usernames() -> set[str]:
    """Usernames that hit the failed sign-in limit within the lock's cool-off time."""
    since = timezone.now() - timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    )
    return set(attempts.values_list("username", flat=True))


def _role(group_names: set[str]) -> str:
    return next((role for role in reversed(ROLES) if role in group_names), "")


def team_members() -> list[Member]:
    """Every user, active ones first, by username."""
    locked = _locked_usernames()
    users = get_user_model().objects.prefetch_related("groups").order_by("-is_active", "username")
    return [
        Member(
            id=user.pk,
            username=user.get_username(),
            email=user.email,
            role=_role({group.name for group in user.groups.all()}),
            last_login=user.last_login,
            is_active=user.is_active,
            locked=user.get_username() in locked,
            invited=user.is_active and not user.has_usable_password(),
        )
        for user in users
    ]
