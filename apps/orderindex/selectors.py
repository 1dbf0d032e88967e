"""Reads of the order index: the filters Blend's order list cannot answer, with an exact count.

Two different things, named apart for users:
- "Unchanged longer than usual" (`stuck`): an order that stayed in one open status longer than that
  status usually takes (`STUCK_AFTER`, measured from Blend's `updated_at`, the last change to the
  order); its reason says which status and for how long. BlendAdmin's own measure.
- "Stuck at Blend" (`blend_stuck`): Blend said so with its `order.stuck` event and one of its four
  reasons, and the order has not moved since (the index's `blend_stuck_*` columns, services.py).
A paused order counts as "paused for more than a day" the way the first is measured."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.blend.models.orders import OPEN_STATUSES
from apps.orderindex.models import IndexedOrder, IndexedOrderProduct, IndexSync

STUCK_AFTER: dict[str, timedelta] = {
    "received": timedelta(days=2),
    "data_entry": timedelta(days=2),
    "picked": timedelta(days=1),
    "verified": timedelta(days=1),
    "shipped": timedelta(days=10),
    "paused": timedelta(days=3),
    "exception": timedelta(days=1),
}
PAUSED_LONG = timedelta(days=1)
BLEND_STUCK = ~Q(blend_stuck_reason="")
REQUESTS = {
    "cancellation": Q(cancellation_requested=True),
    "replacement": Q(replacement_request_status="pending"),
    "priority": Q(priority_requested=True),
}
SORTS = {
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "number": ("order_number",),
    "-number": ("-order_number",),
    "status": ("status", "-created_at"),
    "-status": ("-status", "-created_at"),
}
DEFAULT_SORT = "-created"


@dataclass(frozen=True)
class IndexQuery:
    """What to select from the index (every part optional; all given parts must hold)."""

    statuses: list[str] = field(default_factory=list)
    created_from: date | None = None
    created_to: date | None = None
    product_id: str = ""
    ship_state: str = ""
    stuck: bool = False
    request: str = ""  # one of REQUESTS
    paused_long: bool = False
    unmatched: bool = False  # with a prescription line not matched yet
    blend_stuck: bool = False  # stuck at Blend (its order.stuck event), whatever the time
    open_only: bool = False
    sort: str = DEFAULT_SORT


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def stuck_q(now: datetime) -> Q:
    q = Q(pk__in=[])
    for status, after in STUCK_AFTER.items():
        q |= Q(status=status, updated_at__lt=now - after)
    return q


def stuck_reason(row: IndexedOrder, now: datetime, names: dict[str, str] | None = None) -> str:
    """Why `row` counts as stuck ("" when it does not)."""
    after = STUCK_AFTER.get(row.status)
    if after is None or row.updated_at is None or row.updated_at >= now - after:
        return ""
    name = (names or {}).get(row.status) or row.status.replace("_", " ").capitalize()
    days = (now - row.updated_at).days
    return f"{name} for {days} day{'s' if days != 1 else ''} (usually under {after.days})"


def order_index_select(*, query: IndexQuery, now: datetime | None = None) -> QuerySet[IndexedOrder]:
    """The indexed orders `query` selects, sorted. Count it for an exact count; slice it for a page."""
    now = now or timezone.now()
    rows = IndexedOrder.objects.all()
    if query.statuses:
        rows = rows.filter(status__in=query.statuses)
    if query.open_only:
        rows = rows.filter(status__in=OPEN_STATUSES)
    if query.created_from:
        rows = rows.filter(created_at__gte=_day_start(query.created_from))
    if query.created_to:
        rows = rows.filter(created_at__lt=_day_start(query.created_to + timedelta(days=1)))
    if query.product_id:
        rows = rows.filter(id__in=_product_rows(query).values("order_id"))
    if query.ship_state:
        rows = rows.filter(ship_state=query.ship_state.upper())
    if query.request in REQUESTS:
        rows = rows.filter(REQUESTS[query.request])
    if query.stuck:
        rows = rows.filter(stuck_q(now))
    if query.paused_long:
        rows = rows.filter(status="paused", updated_at__lt=now - PAUSED_LONG)
    if query.unmatched:
        rows = rows.filter(has_unmatched_prescriptions=True)
    if query.blend_stuck:
        rows = rows.filter(BLEND_STUCK)
    return rows.order_by(*SORTS.get(query.sort, SORTS[DEFAULT_SORT]))


def _product_rows(query: IndexQuery) -> QuerySet[IndexedOrderProduct]:
    """The product's rows, narrowed by what they carry of their order (status, creation time)."""
    holding = IndexedOrderProduct.objects.filter(product_id=query.product_id)
    if query.statuses:
        holding = holding.filter(status__in=query.statuses)
    if query.open_only:
        holding = holding.filter(status__in=OPEN_STATUSES)
    if query.created_from:
        holding = holding.filter(created_at__gte=_day_start(query.created_from))
    if query.created_to:
        holding = holding.filter(created_at__lt=_day_start(query.created_to + timedelta(days=1)))
    return holding


PRODUCT_ROW_SORTS = {"-created": ("-created_at", "-order_id"), "created": ("created_at", "order_id")}


def _by_product_alone(query: IndexQuery) -> bool:
    """A product, perhaps with statuses and dates: the product's rows alone answer it."""
    return bool(query.product_id) and not (
        query.ship_state or query.request or query.stuck or query.paused_long or query.unmatched
        or query.blend_stuck
    )  # fmt: skip


def order_index_window(
    *, query: IndexQuery, start: int, size: int, now: datetime | None = None
) -> tuple[int, list[IndexedOrder]]:
    """The exact count of what `query` selects and `size` of its rows from `start`, as a list page
    needs them. A product's orders are counted (and, newest or oldest first, paged) from the
    product's rows and their index alone: no semi-join through every order."""
    if _by_product_alone(query):
        holding = _product_rows(query)
        total = holding.values("order_id").distinct().count()
        if query.sort in PRODUCT_ROW_SORTS:
            window = holding.order_by(*PRODUCT_ROW_SORTS[query.sort]).values_list("order_id", flat=True)
            ids = list(dict.fromkeys(window[start : start + size]))
            found = IndexedOrder.objects.in_bulk(ids)
            return total, [found[i] for i in ids if i in found]
        return total, list(order_index_select(query=query, now=now)[start : start + size])
    selected = order_index_select(query=query, now=now)
    return selected.count(), list(selected[start : start + size])


@dataclass(frozen=True)
class IndexFreshness:
    """How current the index is: `as_of` is the start of the last finished full sync (None: never
    synced); `syncing` whether a sync is under way."""

    as_of: datetime | None
    syncing: bool
    rows: int

    @property
    def ready(self) -> bool:
        return self.as_of is not None


def index_freshness() -> IndexFreshness:
    last = IndexSync.objects.filter(finished_at__isnull=False).order_by("-id").first()
    syncing = IndexSync.objects.filter(finished_at__isnull=True).exists()
    return IndexFreshness(last.started_at if last else None, syncing, IndexedOrder.objects.count())


def blend_stuck_reasons(order_ids: Iterable[str]) -> dict[str, str]:
    """Blend's stuck reason (as it sent it) of each of `order_ids` stuck at Blend. One query."""
    rows = IndexedOrder.objects.filter(BLEND_STUCK, id__in=list(order_ids))
    return dict(rows.values_list("id", "blend_stuck_reason"))


def blend_stuck_count() -> int:
    """How many orders are stuck at Blend (exact, from the index)."""
    return IndexedOrder.objects.filter(BLEND_STUCK).count()
