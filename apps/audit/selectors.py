"""Reading the audit log."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from apps.audit.models import AuditEntry


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_entry_list(
    *,
    username: str = "",
    action: str = "",
    target_id: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Newest first. `action` matches a prefix ("order." finds every order action); dates are whole
    days in the current time zone, both ends included."""
    entries = AuditEntry.objects.all()
    if username:
        entries = entries.filter(username__iexact=username)
    if action:
        entries = entries.filter(action__startswith=action)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if date_from:
        entries = entries.filter(created_at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(created_at__lt=_start_of(date_to + dt.timedelta(days=1)))
    return entries.order_by("-created_at", "-id")


def audit_action_names() -> list[str]:
    """The distinct actions recorded so far (for the filter's suggestions)."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
