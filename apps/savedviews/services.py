"""Changes to saved views and default queues, each audited (target types "saved_view" and "role").
BlendAdmin's own data: nothing is sent to Blend, but each change goes through the one write path
(one-time form token, `send_once`) and its one answer, as every other write does."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from apps.accounts.roles import ROLES
from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.core.writes import Refused
from apps.savedviews import rules
from apps.savedviews.models import RoleQueue, SavedView
from apps.savedviews.selectors import saved_view_editable


def share_roles(actor: Actor) -> list[str]:
    """The roles the actor may share a view with: any (managers), else their own."""
    if actor.user.has_perm(rules.MANAGE):
        return list(ROLES)
    return [actor.role] if actor.role in ROLES else []


def _check_share(actor: Actor, shared_with: str) -> None:
    if shared_with and shared_with not in share_roles(actor):
        raise Refused(f"You may share a view only with your own role ({actor.role}).", field="shared_with")


def _name_taken(owner_id: int, name: str, view_id: int | None = None) -> bool:
    same = SavedView.objects.filter(owner_id=owner_id, name__iexact=name)
    return same.exclude(pk=view_id).exists() if view_id else same.exists()


def _taken(name: str) -> Refused:
    return Refused(f"There is already a view named “{name}”; choose another name.", field="name")


def _detail(arguments: dict, view: SavedView) -> str:
    shared = view.shared_with or "only its owner"
    return f"“{view.name}”, seen by {shared}"


@audited("saved_view.create", target_type="saved_view", created_id=lambda view: str(view.pk), detail=_detail)
def saved_view_create(*, actor: Actor, name: str, query: str, shared_with: str) -> SavedView:
    _check_share(actor, shared_with)
    if _name_taken(actor.user.pk, name):
        raise _taken(name)
    try:
        with transaction.atomic():
            return SavedView.objects.create(owner=actor.user, name=name, query=query, shared_with=shared_with)
    except IntegrityError:  # the same name saved meanwhile
        raise _taken(name) from None


@audited("saved_view.update", target_type="saved_view", target_id_arg="view_id", detail=_detail)
@transaction.atomic
def saved_view_update(*, actor: Actor, view_id: int, name: str, shared_with: str) -> SavedView:
    """Rename or share (or stop sharing) a view. A view no longer shared with a role stops being
    that role's default queue."""
    view = saved_view_editable(user=actor.user, view_id=view_id)
    if shared_with != view.shared_with:
        _check_share(actor, shared_with)
    if _name_taken(view.owner_id, name, view.pk):
        raise _taken(name)
    view.name, view.shared_with = name, shared_with
    view.save(update_fields=["name", "shared_with", "updated_at"])
    RoleQueue.objects.filter(view=view).exclude(role=shared_with).delete()
    return view


@audited("saved_view.delete", target_type="saved_view", target_id_arg="view_id", detail=_detail)
def saved_view_delete(*, actor: Actor, view_id: int) -> SavedView:
    """Delete a view (and any default queue it was)."""
    view = saved_view_editable(user=actor.user, view_id=view_id)
    view.delete()
    return view


@audited("role_queue.set", target_type="role", target_id_arg="role")
@transaction.atomic
def role_queue_set(*, actor: Actor, role: str, view_id: int | None) -> SavedView | None:
    """Set (or clear, `view_id` None) the role's default queue: a view shared with that role."""
    if role not in ROLES:
        raise Refused("There is no such role.")
    if view_id is None:
        RoleQueue.objects.filter(role=role).delete()
        return None
    view = SavedView.objects.filter(pk=view_id, shared_with=role).first()
    if view is None:
        raise Refused(f"Only a view shared with {role} can be its default queue.", field="view")
    RoleQueue.objects.update_or_create(role=role, defaults={"view": view, "set_by": actor.user})
    return view
