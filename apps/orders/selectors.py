"""Reads for the orders pages, one per page, each resolved before the page renders. Independent
Blend calls run concurrently (a page costs one round trip); reference lists come from the client's
cache. A reference list or the status history that cannot be read leaves a gap on the page instead
of failing it; the order itself must be read. The `..._data` selectors that take `actor=` are the
audited ones: their pages show patient data."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Min

from apps.audit.actor import Actor
from apps.audit.models import AuditEntry, Outcome
from apps.audit.services import audit_export, audited, audited_view
from apps.blend.concurrency import background, fetch_concurrently, optional
from apps.blend.models.orders import (
    STATUS_CODE_SLUGS,
    Order,
    OrderStatus,
    OrderSummary,
    Reason,
    Shipping,
    ShippingOption,
    StatusHistoryEntry,
)
from apps.blend.pagination import Page, iter_from
from apps.blend.runtime import get_blend
from apps.core.exports import CsvExport, iso
from apps.core.search import search_by_name
from apps.events.forms import KIND_NAMES
from apps.events.models import Event
from apps.orderindex.selectors import IndexFreshness, blend_stuck_reasons, index_freshness, order_index_select
from apps.orderindex.tasks import index_ensure
from apps.orders import rules, wording
from apps.orders.filters import OrderFilters
from apps.orders.indexed import index_query, indexed_all, indexed_page

FINAL_STATUSES = frozenset({"delivered", "cancelled"})
SEARCH_LIMIT = 50


def status_name(slug: str, names: dict[str, str]) -> str:
    """Blend's name for a status slug; an unknown slug is shown as it came."""
    return names.get(slug) or slug.replace("_", " ").capitalize() or "Unknown"


def _status_names(statuses: Sequence[OrderStatus] | None) -> dict[str, str]:
    return {s.slug: s.name for s in statuses or () if s.slug}


def status_choices(names: dict[str, str]) -> list[tuple[str, str]]:
    """The statuses to filter by: Blend's list, or the known slugs when Blend's list is unavailable."""
    if names:
        return list(names.items())
    return [(slug, status_name(slug, {})) for slug in STATUS_CODE_SLUGS.values()]


@dataclass(frozen=True)
class TimelineEntry:
    status: str
    status_name: str
    at: datetime | None
    by: str
    seconds: float | None
    current: bool = False
    by_user: str = ""  # the BlendAdmin user whose action this was (Blend names only its API account)


def timeline(
    history: Sequence[StatusHistoryEntry],
    names: dict[str, str],
    *,
    now: datetime,
    actions: Sequence[StatusAction] = (),
) -> list[TimelineEntry]:
    """Oldest first. The current (last) status counts its time so far unless the order is finished.
    `actions`: BlendAdmin's own status changes of this order, each matched to the entry it caused."""
    oldest = datetime.min.replace(tzinfo=UTC)
    ordered = sorted(history, key=lambda e: e.updated_at or oldest)
    entries = []
    for index, entry in enumerate(ordered):
        current = index == len(ordered) - 1
        seconds = entry.duration
        if current and entry.status in FINAL_STATUSES:
            seconds = None
        elif current and seconds is None and entry.updated_at is not None:
            seconds = max(0.0, (now - entry.updated_at).total_seconds())
        by = entry.updated_by.full_name if entry.updated_by else ""
        by_user = _who_caused(entry, actions)
        entries.append(
            TimelineEntry(
                entry.status,
                status_name(entry.status, names),
                entry.updated_at,
                by,
                seconds,
                current,
                by_user,
            )
        )
    return entries


@dataclass(frozen=True)
class StoryEntry:
    """One line of the order's timeline: a status Blend moved it to (`status`), an event Blend sent
    about it, or a write BlendAdmin's users made (the audit log: who, what, before and after)."""

    at: datetime | None
    kind: str  # "status", "event" or "write"
    title: str
    by: str = ""
    detail: str = ""
    entry: TimelineEntry | None = None  # the status line's own data
    problem: bool = False  # a refused or failed write, a failed or stuck event


def _stamp_key(at: datetime | None) -> datetime:
    return at or datetime.min.replace(tzinfo=UTC)


def order_story(order: Order, statuses: Sequence[TimelineEntry]) -> list[StoryEntry]:
    """Blend's status history, the events received and BlendAdmin's writes, oldest first."""
    story = [StoryEntry(e.at, "status", e.status_name, e.by or "Blend", entry=e) for e in statuses]
    for event in Event.objects.filter(order_id=order.id).defer("body").order_by("-received_at")[:50]:
        reason = stuck_reason_of(event) if event.event_code == "order.stuck" else ""
        story.append(
            StoryEntry(
                event.received_at,
                "event",
                f"Blend sent “{KIND_NAMES.get(event.event_code, event.event_code)}”",
                "Blend (webhook)",
                reason or event.outcome or event.get_state_display(),
                problem=bool(reason) or event.state == Event.State.FAILED,
            )
        )
    ids = {i for i in (order.id, order.order_number, order.external_id) if i}
    titles = {a.audit: a.title for a in rules.ACTIONS.values()} | wording.TIMELINE_WRITES
    writes = AuditEntry.objects.filter(target_type="order", target_id__in=ids, action__in=titles)
    for row in writes.order_by("-created_at")[:50]:
        outcome = wording.TIMELINE_OUTCOMES.get(row.outcome, "")
        story.append(
            StoryEntry(
                row.created_at,
                "write",
                titles[row.action] + (f" ({outcome})" if outcome else ""),
                f"{row.username} in BlendAdmin",
                row.error_message,
                problem=bool(outcome),
            )
        )
    return sorted(story, key=lambda e: _stamp_key(e.at))


def stuck_reason_of(event: Event) -> str:
    """An `order.stuck` event's reason, in words."""
    try:
        reason = json.loads(event.body).get("data", {}).get("reason") or ""
    except (ValueError, AttributeError):
        reason = ""
    return wording.stuck_reason(str(reason))


def stuck_orders(*, order_ids: Collection[str]) -> dict[str, str]:
    """The orders of `order_ids` stuck at Blend: {order id: Blend's reason in words}. From the
    order index, which Blend's order.stuck events keep (apps.orderindex): no Blend call."""
    return {oid: wording.stuck_reason(reason) for oid, reason in blend_stuck_reasons(order_ids).items()}


@dataclass(frozen=True)
class StatusAction:
    """A status change BlendAdmin sent for an order (from the audit log)."""

    status_after: str
    at: datetime
    username: str


ACTION_MATCH_WINDOW = timedelta(minutes=2)  # Blend's clock and ours, and the time to answer


def _who_caused(entry: StatusHistoryEntry, actions: Sequence[StatusAction]) -> str:
    if entry.updated_at is None:
        return ""
    near = [
        a
        for a in actions
        if a.status_after == entry.status and abs(a.at - entry.updated_at) <= ACTION_MATCH_WINDOW
    ]
    return min(near, key=lambda a: abs(a.at - entry.updated_at)).username if near else ""


def status_actions(order: Order) -> list[StatusAction]:
    """BlendAdmin's successful status changes of `order`, whichever id the user reached it by."""
    audits = {a.audit: a.status_after for a in rules.ACTIONS.values() if a.status_after}
    ids = {i for i in (order.id, order.order_number, order.external_id) if i}
    rows = AuditEntry.objects.filter(
        target_type="order", target_id__in=ids, action__in=audits, outcome=Outcome.OK
    ).values_list("action", "created_at", "username")
    return [StatusAction(audits[action], at, username) for action, at, username in rows]


def shipping_label(shipping: Shipping | None, options: Sequence[ShippingOption] | None) -> str:
    """ "USPS · Ground Advantage" for a shipping preference; codes as they came when unknown."""
    if shipping is None or not (shipping.carrier or shipping.service_level):
        return ""
    carrier_names = {o.carrier: o.name for o in options or () if o.carrier}
    level_names = {level.code: level.name for o in options or () for level in o.service_levels}
    parts = []
    if shipping.carrier:
        parts.append(carrier_names.get(shipping.carrier, shipping.carrier))
    if shipping.service_level:
        parts.append(level_names.get(shipping.service_level, shipping.service_level))
    return " · ".join(parts)


@dataclass(frozen=True)
class OrderPage:
    """The order page's data, every read resolved. `timeline` is None when the status history
    could not be read (the page shows a gap, not an error)."""

    order: Order
    timeline: list[TimelineEntry] | None
    status_names: dict[str, str] = field(default_factory=dict)
    shipping_options: list[ShippingOption] = field(default_factory=list)
    story: list[StoryEntry] = field(default_factory=list)  # the timeline with events and writes
    stuck: str = ""  # why Blend says the order is stuck, in words ("" when it is not)

    @property
    def status_name(self) -> str:
        return status_name(self.order.status, self.status_names)

    @property
    def shipping_label(self) -> str:
        return shipping_label(self.order.shipping, self.shipping_options)


# Two names for each read of an order: `*_data(*, actor, ...)` is a view of the order (it shows the
# patient), written to the audit log; `*_after_write(...)` re-reads it to answer a write, whose own
# audit row already records the visit, and is not audited again.


def _order_page(order_id: str, order: Order | None = None) -> OrderPage:
    """The order, its status history and the reference lists (cached), read at the same time;
    `order` when it is already known (an action's answer): only the rest is read."""
    blend = get_blend()
    found = fetch_concurrently(
        order=(lambda: order) if order is not None else (lambda: blend.order_get(order_id=order_id)),
        history=optional(lambda: blend.order_status_history(order_id=order_id)),
        statuses=optional(blend.order_statuses),
        shipping=optional(blend.shipping_options),
    )
    names = _status_names(found["statuses"])
    history, order = found["history"], found["order"]
    statuses = (
        None
        if history is None
        else timeline(history, names, now=datetime.now(UTC), actions=status_actions(order))
    )
    return OrderPage(
        order=order,
        timeline=statuses,
        status_names=names,
        shipping_options=found["shipping"] or [],
        story=order_story(order, statuses or []),
        stuck=stuck_orders(order_ids=[order.id]).get(order.id, ""),
    )


@audited("order.view", target_type="order", target_id_arg="order_id")
def order_page_data(*, actor: Actor, order_id: str) -> OrderPage:
    """The whole order page. It shows the patient's name, birth date and contact details, so who
    looked at it is written to the audit log, with the outcome, like a view of the patient's record."""
    return _order_page(order_id)


def order_page_after_write(*, order_id: str, order: Order | None = None) -> OrderPage:
    """The order page's data after a write (not audited: the write's row records it); pass `order`
    when Blend's answer is the order as it is now."""
    return _order_page(order_id, order)


def order_after_write(*, order_id: str) -> Order:
    """The order as it is after a write (not audited: the write's row records it)."""
    return get_blend().order_get(order_id=order_id)


@audited("order.view", target_type="order", target_id_arg="order_id")
def order_data(*, actor: Actor, order_id: str) -> Order:
    """One order for a page that shows its patient (a confirmation page, a row's actions menu)."""
    return get_blend().order_get(order_id=order_id)


def order_status_names() -> dict[str, str]:
    return _status_names(optional(get_blend().order_statuses)())


@dataclass(frozen=True)
class OrderList:
    """What the order list shows: one page of Blend's list, or for a query Blend's search results
    (best match first) narrowed to the chosen statuses. `filters` keep only the statuses Blend
    knows; the others are in `ignored_statuses` (Blend would refuse the whole request)."""

    filters: OrderFilters
    orders: list[OrderSummary]
    page: Page[OrderSummary] | None  # None for search results
    status_names: dict[str, str]
    ignored_statuses: list[str]
    refused: str = ""  # why Blend refused the search term, for the search box
    as_of: datetime | None = None  # answered from the order index: how current it is
    index_empty: bool = False  # answered from the index, which was never synced yet
    stuck: dict[str, str] = field(default_factory=dict)  # the shown orders Blend says are stuck: why

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        return status_choices(self.status_names)


@audited_view("order.list", shown=lambda found: {"order": len(found.orders)})
def order_list_data(*, actor: Actor, filters: OrderFilters) -> OrderList:
    """The list page's read: the status names (cached), then one Blend call. The rows show patients'
    names, so how many were shown is audited (never the search term)."""
    blend = get_blend()
    names = _status_names(optional(blend.order_statuses)())
    known = {slug for slug, _ in status_choices(names)}
    ignored = [s for s in filters.statuses if s not in known]
    filters = replace(filters, statuses=[s for s in filters.statuses if s in known])
    if filters.searching:
        chosen = set(filters.statuses)
        found = search_by_name(lambda q: blend.search_orders(q=q, limit=SEARCH_LIMIT), filters.q)
        orders = [o for o in found.items if not chosen or o.status in chosen]
        orders.sort(key=lambda o: -(o.rank or 0.0))
        stuck = stuck_orders(order_ids=[o.id for o in orders])
        return OrderList(filters, orders, None, names, ignored, refused=found.refused, stuck=stuck)
    if filters.uses_index:  # filters Blend's list cannot answer
        index_ensure()
        indexed = indexed_page(filters)
        fresh = indexed.freshness
        return OrderList(
            filters,
            indexed.orders,
            indexed.page,
            names,
            ignored,
            as_of=fresh.as_of,
            index_empty=not fresh.ready,
            stuck=stuck_orders(order_ids=[o.id for o in indexed.orders]),
        )
    page = blend.order_list(
        page=filters.page,
        page_size=filters.page_size,
        statuses=filters.statuses,
        has_unmatched_prescriptions=True if filters.has_unmatched_prescriptions else None,
    )
    stuck = stuck_orders(order_ids=[o.id for o in page.items])
    return OrderList(filters, page.items, page, names, ignored, stuck=stuck)


@dataclass(frozen=True)
class OrderCount:
    """How many orders a list's filters select, and when the oldest of them was created."""

    count: int
    oldest: datetime | None


@dataclass(frozen=True)
class OrderCounts:
    """Exact counts from the order index, by the caller's names; `freshness` says as of when (an
    index never synced yet counts nothing: `ready` is False and `counts` is empty)."""

    counts: dict[str, OrderCount]
    freshness: IndexFreshness


def order_counts(*, filters: dict[str, OrderFilters]) -> OrderCounts:
    """Each of `filters` counted exactly, with the query the order list runs for it over the index
    (`indexed_page`). The search words, which only Blend can answer, are not counted. One database
    query per filter."""
    index_ensure()
    freshness = index_freshness()
    if not freshness.ready:
        return OrderCounts({}, freshness)
    counts = {}
    for name, wanted in filters.items():
        selected = order_index_select(query=index_query(wanted))
        found = selected.aggregate(count=Count("id"), oldest=Min("created_at"))
        counts[name] = OrderCount(found["count"], found["oldest"])
    return OrderCounts(counts, freshness)


EXPORT_PAGE_SIZE = 200  # Blend's largest page: an export of every order costs the fewest calls
ORDER_CSV_HEADER = ["Order", "Patient", "Status", "Created", "Products", "Flags"]


def order_filters_text(filters: OrderFilters) -> str:
    """The filters as the audit log keeps them: never the search words (they may be patient data)."""
    parts = []
    if filters.statuses:
        parts.append("status: " + ", ".join(filters.statuses))
    if filters.has_unmatched_prescriptions:
        parts.append("has unmatched prescriptions")
    for label, value in (
        ("created from", filters.created_from), ("created to", filters.created_to),
        ("product", filters.product), ("shipping state", filters.ship_state),
        ("pending request", filters.request), ("sort", filters.sort),
    ):  # fmt: skip
        if value:
            parts.append(f"{label}: {value}")
    if filters.blend_stuck:
        parts.append("stuck at Blend")
    if filters.stuck:
        parts.append("unchanged longer than usual")
    if filters.paused_long:
        parts.append("paused for more than a day")
    if filters.searching:
        parts.append("a search (its words are not recorded)")
    return "; ".join(parts)


def order_csv_row(order: OrderSummary, names: dict[str, str]) -> list[object]:
    flags = "; ".join(flag.text for flag in rules.order_flags(order))
    patient = order.patient.full_name if order.patient else ""
    return [order.reference, patient, status_name(order.status, names), iso(order.created_at),
            order.products.count, flags]  # fmt: skip


def order_export(*, actor: Actor, filters: OrderFilters) -> CsvExport:
    """Every order the list's filters select (all pages, or the whole search result), as the list's
    columns. The first page is read now, the rest as the file streams; the export is audited with
    its filters and row count once sent."""
    blend = get_blend()
    names = _status_names(optional(blend.order_statuses)())
    known = {slug for slug, _ in status_choices(names)}
    filters = replace(filters, statuses=[s for s in filters.statuses if s in known])
    if filters.searching:
        chosen = set(filters.statuses)
        matches = search_by_name(lambda q: blend.search_orders(q=q, limit=SEARCH_LIMIT), filters.q)
        found = [o for o in matches.items if not chosen or o.status in chosen]
        found.sort(key=lambda o: -(o.rank or 0.0))
        orders = iter(found)
    elif filters.uses_index:
        orders = indexed_all(filters)
    else:

        def page(number: int) -> Page[OrderSummary]:
            return blend.order_list(
                page=number,
                page_size=EXPORT_PAGE_SIZE,
                statuses=filters.statuses,
                has_unmatched_prescriptions=True if filters.has_unmatched_prescriptions else None,
            )

        orders = iter_from(page(1), page, prefetch=background())

    def finished(count: int, complete: bool) -> None:
        text = order_filters_text(filters)
        audit_export(actor=actor, kind="order", count=count, filters=text, complete=complete)

    return CsvExport("orders", ORDER_CSV_HEADER, (order_csv_row(o, names) for o in orders), finished)


@dataclass(frozen=True)
class OrderEditData:
    order: Order
    shipping_options: list[ShippingOption] | None  # None: Blend's list (an inferred endpoint) failed
    status_names: dict[str, str]


@audited("order.view", target_type="order", target_id_arg="order_id")
def order_edit_data(*, actor: Actor, order_id: str) -> OrderEditData:
    """The order (its address is the patient's) and Blend's shipping options and status names (both
    cached), for the edit page. Without the shipping options the address can still be edited."""
    blend = get_blend()
    found = fetch_concurrently(
        order=lambda: blend.order_get(order_id=order_id),
        shipping=optional(blend.shipping_options),
        statuses=optional(blend.order_statuses),
    )
    return OrderEditData(found["order"], found["shipping"], _status_names(found["statuses"]))


@dataclass(frozen=True)
class LinesAddData:
    """What the add-products page offers: the active products of each kind, and the compounding
    reasons a prescription line may carry (empty when Blend's list could not be read)."""

    order: Order
    products: dict[str, list[Any]]
    reasons: list[Reason]
    status_names: dict[str, str]


def order_lines_add_data(*, order_id: str) -> LinesAddData:
    """The order, the active products (read now: the catalog changes) and the compounding reasons
    (cached) that may be added to it, read together."""
    blend = get_blend()
    found = fetch_concurrently(
        order=lambda: blend.order_get(order_id=order_id),
        catalog=blend.product_catalog,
        reasons=optional(blend.reason_list),
        statuses=optional(blend.order_statuses),
    )
    products = {
        kind: sorted((p for p in products if p.is_active is not False), key=lambda p: (p.name or "").lower())
        for kind, products in found["catalog"].by_kind()
    }
    return LinesAddData(found["order"], products, found["reasons"] or [], _status_names(found["statuses"]))


PRODUCT_CHOICES_TTL = 3600


def product_choices() -> list[tuple[str, str]]:
    """Every product (any kind) as (id, name), by name, for the list's product filter; from the
    cache (the catalog is read at most once an hour), empty when Blend cannot be read."""

    def read() -> list[tuple[str, str]]:
        catalog = optional(get_blend().product_catalog)()
        if catalog is None:
            return []
        products = [p for _, items in catalog.by_kind() for p in items if p.id]
        return sorted(((p.id, p.name or p.id) for p in products), key=lambda c: c[1].casefold())

    found = cache.get(PRODUCT_CHOICES_KEY)
    if found is None:
        found = read()
        if found:
            cache.set(PRODUCT_CHOICES_KEY, found, PRODUCT_CHOICES_TTL)
    return found


PRODUCT_CHOICES_KEY = "orders:product-choices"
