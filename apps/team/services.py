"""Changes to BlendAdmin's users, each audited (target type "user"). A change takes effect on the
user's next request: permissions are read per request from the groups changed here."""

from __future__ import annotations

from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from apps.accounts.roles import ROLE_MANAGER, ROLES
from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.core.writes import Refused


@dataclass(frozen=True)
class Invitation:
    username: str
    path: str  # the one-time set-password link, shown once to the manager who invited


def _user(user_id: int):
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise Http404("No such user")
    return user


def _set_role(user, role: str) -> None:
    """Exactly one role group (or none): the other role groups are left."""
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)


def _is_self(actor: Actor, user) -> bool:
    return actor.user is not None and actor.user.pk == user.pk


@audited("team.invite", target_type="user", target_id_arg="username")
@transaction.atomic
def user_invite(*, actor: Actor, username: str, email: str, role: str) -> Invitation:
    """A new user without a password, in `role`, and the link to choose one (valid until used or
    until PASSWORD_RESET_TIMEOUT passes: Django's password-reset token)."""
    user = get_user_model().objects.create_user(username=username, email=email, password=None)
    _set_role(user, role)
    return _invitation(user)


def _invitation(user) -> Invitation:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("password_set", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})
    return Invitation(username=user.get_username(), path=path)


def is_invited(user) -> bool:
    """Invited and not signed up yet: an active user who has not chosen a password."""
    return user.is_active and not user.has_usable_password()


@audited("team.reinvite", target_type="user", target_id_arg="user_id")
def user_reinvite(*, actor: Actor, user_id: int) -> Invitation:
    """A new link for an invited user who has not chosen a password yet (the first one was lost, or
    ran out). Earlier links keep working until one is used or they run out."""
    user = _user(user_id)
    if not is_invited(user):
        raise Refused(
            f"{user.get_username()} has already chosen a password (or is deactivated): no link is needed."
        )
    return _invitation(user)


@audited(lambda args: f"team.role.{args['role'] or 'none'}", target_type="user", target_id_arg="user_id")
@transaction.atomic
def user_role_change(*, actor: Actor, user_id: int, role: str) -> str:
    user = _user(user_id)
    if _is_self(actor, user) and role != ROLE_MANAGER:
        raise Refused("You cannot remove your own manager role; ask another manager.")
    _set_role(user, role)
    return user.get_username()


@audited("team.deactivate", target_type="user", target_id_arg="user_id")
def user_deactivate(*, actor: Actor, user_id: int) -> str:
    user = _user(user_id)
    if _is_self(actor, user):
        raise Refused("You cannot deactivate yourself.")
    if not user.is_active:
        raise Refused(f"{user.get_username()} is already deactivated.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user.get_username()


@audited("team.unlock", target_type="user", target_id_arg="user_id")
def user_unlock(*, actor: Actor, user_id: int) -> str:
    """Lift the sign-in lock after too many failed attempts (every address)."""
    user = _user(user_id)
    axes_reset(username=user.get_username())
    return user.get_username()
