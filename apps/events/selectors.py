"""Reads of the events area: the /events/ page and its CSV, and "which orders changed since T" for pages that
update themselves (one indexed query on `OrderState.changed_at`, no Blend call)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from apps.core.exports import CsvExport, iso
from apps.core.queue import QueueHealth, queue_health
from apps.events.forms import KIND_NAMES
from apps.events.models import Event, OrderState

PAGE_SIZE = 50
CHANGES_LIMIT = 500


@dataclass(frozen=True)
class OrderChange:
    order_id: str
    order_number: str
    status: str  # Blend's slug, e.g. "shipped"
    status_code: str
    status_name: str
    blend_updated_at: datetime | None  # the order's updated_at as Blend said it
    changed_at: datetime  # when BlendAdmin learnt of it


@dataclass(frozen=True)
class Changes:
    orders: list[OrderChange]  # oldest change first
    cursor: datetime  # pass as `since` next time (the last change seen, or `since` when none)


def orders_changed_since(
    *, since: datetime, order_ids: Collection[str] | None = None, limit: int = CHANGES_LIMIT
) -> Changes:
    """Orders whose state BlendAdmin learnt of after `since` (strictly), oldest first, at most
    `limit`; only those in `order_ids` when given. Reads BlendAdmin's database only. With `limit`
    reached, ask again from `cursor` for the rest."""
    rows = OrderState.objects.filter(changed_at__gt=since).order_by("changed_at", "order_id")
    if order_ids is not None:
        rows = rows.filter(order_id__in=list(order_ids))
    orders = [
        OrderChange(
            order_id=row.order_id,
            order_number=row.order_number,
            status=row.status,
            status_code=row.status_code,
            status_name=row.status_name,
            blend_updated_at=row.blend_updated_at,
            changed_at=row.changed_at,
        )
        for row in rows[:limit]
    ]
    return Changes(orders=orders, cursor=orders[-1].changed_at if orders else since)


def orders_last_change() -> datetime:
    """The time of the latest change known (now when none): a page's first cursor."""
    latest = OrderState.objects.order_by("-changed_at").values_list("changed_at", flat=True).first()
    return latest or timezone.now()


@dataclass(frozen=True)
class EventRow:
    event: Event
    kind: str  # the event code in words
    order_label: str  # the order's number as last read from Blend, else its id ("" for no order)
    order_status: str  # the order's status as last read from Blend ("" when never read)


@dataclass(frozen=True)
class EventsPage:
    page: Page
    rows: list[EventRow]
    queue: QueueHealth


def _filtered(*, kind: str, state: str, order_id: str) -> QuerySet[Event]:
    events = Event.objects.defer("body")
    if kind:
        events = events.filter(event_code=kind)
    if state == "duplicate":
        events = events.filter(deliveries__gt=1)
    elif state:
        events = events.filter(state=state)
    if order_id:
        events = events.filter(order_id=order_id)
    return events


def events_page_data(*, kind: str = "", state: str = "", order_id: str = "", page: int = 1) -> EventsPage:
    """The received events, newest first, filtered; and the queue's health (waiting, failed jobs)."""
    shown = Paginator(_filtered(kind=kind, state=state, order_id=order_id), PAGE_SIZE).get_page(page)
    events = list(shown)
    orders = OrderState.objects.in_bulk({event.order_id for event in events if event.order_id})
    rows = []
    for event in events:
        order = orders.get(event.order_id)
        rows.append(
            EventRow(
                event=event,
                kind=KIND_NAMES.get(event.event_code, event.event_code),
                order_label=(order.order_number if order else "") or event.order_id,
                order_status=(order.status_name or order.status) if order else "",
            )
        )
    return EventsPage(page=shown, rows=rows, queue=queue_health())


EVENTS_CSV_HEADER = [
    "Received",
    "Deliveries",
    "Kind",
    "Event code",
    "Order",
    "Order id",
    "Order status (from Blend)",
    "State",
    "Attempts",
    "Outcome",
    "Error",
]
EXPORT_CHUNK = 1000


def _export_rows(events: QuerySet[Event]):
    """The rows of `events`, read a chunk at a time with their orders' last known state."""
    chunk: list[Event] = []
    for event in events.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(event)
        if len(chunk) == EXPORT_CHUNK:
            yield from _rows_of(chunk)
            chunk = []
    yield from _rows_of(chunk)


def _rows_of(events: list[Event]):
    orders = OrderState.objects.in_bulk({event.order_id for event in events if event.order_id})
    for event in events:
        order = orders.get(event.order_id)
        yield [
            iso(event.received_at),
            event.deliveries,
            KIND_NAMES.get(event.event_code, event.event_code),
            event.event_code,
            (order.order_number if order else "") or event.order_id,
            event.order_id,
            (order.status_name or order.status) if order else "",
            event.get_state_display(),
            event.attempts,
            event.outcome,
            event.error,
        ]


def events_export(*, kind: str = "", state: str = "", order_id: str = "", page: int = 1) -> CsvExport:
    """Every event the filters select (all pages, newest first), with the columns the page shows.
    Events name orders by id and number only (no patient data), so the export is not audited."""
    events = _filtered(kind=kind, state=state, order_id=order_id).order_by("-received_at", "-id")
    return CsvExport("events", EVENTS_CSV_HEADER, _export_rows(events))
