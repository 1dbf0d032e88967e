"""Reads for the orders pages. Independent Blend calls run concurrently (a page costs one round trip);
reference lists come from the client's cache. A reference list or the status history that cannot be
read leaves a gap on the page instead of failing it; the order itself must be read."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.blend.concurrency import fetch_concurrently, start_first, start_in_background
from apps.blend.errors import BlendError
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
from apps.blend.pagination import Page
from apps.blend.runtime import get_blend

logger = logging.getLogger(__name__)

FINAL_STATUSES = frozenset({"delivered", "cancelled"})
SEARCH_LIMIT = 50


def _optional[T](call: Callable[[], T]) -> Callable[[], T | None]:
    """`call`, but a Blend failure gives None (the page shows a gap) instead of an error."""

    def run() -> T | None:
        try:
            return call()
        except BlendError as exc:
            logger.warning("Optional Blend read failed (%s); the page shows without it", type(exc).__name__)
            return None

    return run


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


def timeline(
    history: Sequence[StatusHistoryEntry], names: dict[str, str], *, now: datetime
) -> list[TimelineEntry]:
    """Oldest first. The current (last) status counts its time so far unless the order is finished."""
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
        entries.append(
            TimelineEntry(
                entry.status, status_name(entry.status, names), entry.updated_at, by, seconds, current
            )
        )
    return entries


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
class OrderDetail:
    """The order page's data. The status history may still be on its way when this is made:
    `timeline` waits for it when first read, so the audit row and the page's header and buttons
    are done meanwhile (Blend answers the second of two reads sent together ~0.7 ms after the first)."""

    order: Order
    history: Future[list[StatusHistoryEntry] | None]  # None: the status history could not be read
    status_names: dict[str, str] = field(default_factory=dict)
    shipping_options: list[ShippingOption] = field(default_factory=list)

    @cached_property
    def timeline(self) -> list[TimelineEntry] | None:
        """Oldest first; None when the status history could not be read."""
        entries = self.history.result()
        return None if entries is None else timeline(entries, self.status_names, now=datetime.now(UTC))

    @property
    def status_name(self) -> str:
        return status_name(self.order.status, self.status_names)

    @property
    def shipping_label(self) -> str:
        return shipping_label(self.order.shipping, self.shipping_options)


@dataclass(frozen=True)
class OrderReads:
    """The order page's Blend reads, all started on other threads (`order_reads_start`) so that the
    page's frame renders while Blend answers; `detail()` waits for them."""

    order: Future[Order]
    history: Future[list[StatusHistoryEntry] | None]
    statuses: Future[list[OrderStatus] | None]
    shipping: Future[list[ShippingOption] | None]

    def detail(self) -> OrderDetail:
        """The order and reference lists (the order's error, if any, raised here); the status
        history may still be on its way (see OrderDetail)."""
        return OrderDetail(
            order=self.order.result(),
            history=self.history,
            status_names=_status_names(self.statuses.result()),
            shipping_options=self.shipping.result() or [],
        )


def order_reads_start(*, order_id: str, order: Order | None = None) -> OrderReads:
    """Start the order page's reads: the order and its status history first (their requests leave
    before this returns, unless the Blend token is read from Redis first: then they leave when this
    thread next lets go of the GIL), then the reference lists (from the cache). Pass `order` when
    it is already known (an action's answer) to read only the rest."""
    blend = get_blend()
    if order is None:
        order_read = start_first(lambda: blend.order_get(order_id=order_id))
    else:
        order_read = Future()
        order_read.set_result(order)
    return OrderReads(
        order=order_read,
        history=start_first(_optional(lambda: blend.order_status_history(order_id=order_id))),
        statuses=start_in_background(_optional(blend.order_statuses)),
        shipping=start_in_background(_optional(blend.shipping_options)),
    )


def order_detail(*, order_id: str, order: Order | None = None) -> OrderDetail:
    """The order, its status history and the reference lists, read at the same time; the history
    is left to finish in the background (see OrderDetail)."""
    return order_reads_start(order_id=order_id, order=order).detail()


def order_get(*, order_id: str) -> Order:
    return get_blend().order_get(order_id=order_id)


def order_status_names() -> dict[str, str]:
    return _status_names(_optional(get_blend().order_statuses)())


def shipping_options() -> list[ShippingOption]:
    return get_blend().shipping_options()


def order_list(
    *, page: int, page_size: int, statuses: Sequence[str] = (), has_unmatched_prescriptions: bool = False
) -> Page[OrderSummary]:
    """One page of Blend's order list; the status names come from `order_status_names()` (cached)."""
    return get_blend().order_list(
        page=page,
        page_size=page_size,
        statuses=statuses,
        has_unmatched_prescriptions=True if has_unmatched_prescriptions else None,
    )


@dataclass(frozen=True)
class OrderSearch:
    results: list[Order]
    status_names: dict[str, str]


def order_search(*, q: str, limit: int = SEARCH_LIMIT) -> OrderSearch:
    """Blend's order search (number, id, external id, patient name, email, phone), best match first."""
    blend = get_blend()
    found = fetch_concurrently(
        results=lambda: blend.search_orders(q=q, limit=limit), statuses=_optional(blend.order_statuses)
    )
    results = sorted(found["results"], key=lambda o: -(o.rank or 0.0))
    return OrderSearch(results=results, status_names=_status_names(found["statuses"]))


def order_with_shipping_options(*, order_id: str) -> tuple[Order, list[ShippingOption]]:
    """The order and Blend's shipping options (cached), for the edit page."""
    blend = get_blend()
    found = fetch_concurrently(
        order=lambda: blend.order_get(order_id=order_id), shipping=blend.shipping_options
    )
    return found["order"], found["shipping"]


@dataclass(frozen=True)
class LinesCatalog:
    """What the add-products page offers: the active products of each kind, and the compounding
    reasons a prescription line may carry (empty when Blend's list could not be read)."""

    products: dict[str, list[Any]]
    reasons: list[Reason]


def order_with_catalog(*, order_id: str) -> tuple[Order, LinesCatalog]:
    """The order, and the products and compounding reasons that may be added to it (both cached)."""
    blend = get_blend()
    found = fetch_concurrently(
        order=lambda: blend.order_get(order_id=order_id),
        catalog=blend.product_catalog,
        reasons=_optional(blend.reason_list),
    )
    products = {
        kind: sorted((p for p in products if p.is_active is not False), key=lambda p: (p.name or "").lower())
        for kind, products in found["catalog"].by_kind()
    }
    return found["order"], LinesCatalog(products=products, reasons=found["reasons"] or [])


@audited("order.view", target_type="order", target_id_arg="order_id")
def order_record(*, actor: Actor, order_id: str, reads: OrderReads | None = None) -> OrderDetail:
    """The detail page's read. It shows the patient's name, birth date and contact details, so who
    looked at it is written to the audit log, like a view of the patient's own record, once Blend
    has answered (with the outcome). `reads`: the reads already started (`order_reads_start`)."""
    return reads.detail() if reads is not None else order_detail(order_id=order_id)
