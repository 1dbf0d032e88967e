"""Creating a task, audited, through the one write path; recording a user's Blend user id."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from apps.audit.actor import Actor
from apps.audit.services import audit_record, audited
from apps.blend.models.tasks import Task
from apps.blend.runtime import get_blend
from apps.tasks import rules
from apps.tasks.models import BlendUserId


@audited("task.create", target_type="task", created_id=lambda task: task.id)
def task_create(*, actor: Actor, fields: dict[str, Any]) -> Task:
    if not actor.user.has_perm(rules.CREATE):
        raise PermissionDenied
    return get_blend().task_create(**fields)


def blend_user_id_set(*, actor: Actor, user: Any, blend_user_id: str | None) -> None:
    """Record (or with None forget) `user`'s Blend user id; audited."""
    if not actor.user.has_perm(rules.MANAGE_PEOPLE):
        raise PermissionDenied
    if blend_user_id:
        BlendUserId.objects.update_or_create(user=user, defaults={"blend_user_id": blend_user_id})
    else:
        BlendUserId.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="team.blend_user_id",
        target_type="user",
        target_id=str(user.pk),
        outcome="ok",
        error_message=f"Blend user id {blend_user_id or 'removed'}",
    )
