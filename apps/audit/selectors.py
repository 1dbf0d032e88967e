"""Reading the audit log. Rows name their record by id; the page names what they point at (an
order's number, a patient's or prescriber's name) by asking Blend when it shows them, so the log does
not keep people's names, and a page that shows names is itself audited as a view of patient data."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone

from apps.audit.actor import Actor
from apps.audit.models import AuditEntry
from apps.audit.services import audited_view
from apps.blend.client import BlendClient
from apps.blend.concurrency import fetch_concurrently, optional
from apps.blend.runtime import get_blend
from apps.core.converters import BlendIdConverter

PAGE_SIZE = 50
_BLEND_ID = re.compile(BlendIdConverter.regex)

# target type -> how to name one record of that type (Blend read by id).
_NAMERS: dict[str, Callable[[BlendClient, str], str]] = {
    "order": lambda blend, record_id: blend.order_get(order_id=record_id).reference,
    "patient": lambda blend, record_id: blend.patient_get(patient_id=record_id).full_name,
    "prescriber": lambda blend, record_id: blend.prescriber_get(prescriber_id=record_id).full_name,
}


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


@dataclass(frozen=True)
class AuditPage:
    """One page of entries; each entry carries `target_name` (an order number or a person's name,
    "" when Blend could not say)."""

    page: DjangoPage
    names_shown: dict[str, int]


@audited_view("audit.list", shown=lambda data: {"audit_entry": len(data.page), **data.names_shown})
def audit_page_data(*, actor: Actor, entries: QuerySet[AuditEntry], page_number: object) -> AuditPage:
    """Page `page_number` of `entries`, with the name of each order, patient and prescriber it points
    at: one Blend read per distinct record, all at the same time; a record Blend cannot find or a
    read that fails leaves the id showing."""
    page = Paginator(entries, PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    targets = {
        (entry.target_type, entry.target_id)
        for entry in page.object_list
        if entry.target_type in _NAMERS and _BLEND_ID.fullmatch(entry.target_id)
    }
    blend = get_blend()
    reads = {
        f"{kind}:{record_id}": optional(
            lambda namer=_NAMERS[kind], record_id=record_id: namer(blend, record_id)
        )
        for kind, record_id in sorted(targets)
    }
    names = fetch_concurrently(**reads)
    shown: dict[str, int] = {}
    for entry in page.object_list:
        entry.target_name = names.get(f"{entry.target_type}:{entry.target_id}") or ""
    for key, name in names.items():
        kind = key.split(":", 1)[0]
        if name and kind != "order":
            shown[kind] = shown.get(kind, 0) + 1
    return AuditPage(page, shown)
