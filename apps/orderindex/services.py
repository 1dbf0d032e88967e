"""Writes to the order index: the full sync from Blend's order list (resumable, paced), and the
refresh of one order (what Blend's events and BlendAdmin's own actions call).

The sync reads Blend's list newest first, 200 orders a page. A page's rows and the sync's next page
are written in one transaction, so a sync stopped anywhere (the worker killed, Blend failing) resumes
at the first page it had not stored. Orders created meanwhile push older ones to later pages, so a
page boundary moving during the sync shows an order twice, never skips one. When the last page is
stored, an order the sync did not see and no event refreshed since it started is gone from Blend's
list, and leaves the index. Reconciliation is the same full sync, run periodically.

Stuck at Blend: Blend's order carries no stuck field, and its list cannot filter by it. Every write
of a row takes it from Blend's events stored in apps.events: the order is stuck when the latest of
its events about where it stands is `order.stuck` and it is still in the status that event gave
(one that moved on, even by an event missed, is not). So an event's job, the sync and the
reconciliation all agree, and a reconciliation fills in an `order.stuck` the index missed."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from apps.blend.errors import BlendError, BlendNotFound
from apps.blend.models import OrderFacts
from apps.blend.models.orders import STATUS_CODE_SLUGS
from apps.blend.runtime import get_blend
from apps.events.models import Event
from apps.orderindex.models import IndexedOrder, IndexedOrderProduct, IndexSync

logger = logging.getLogger(__name__)

PAGE_SIZE = 200  # Blend's largest page
FIELDS = [
    "order_number", "external_id", "status", "priority_requested", "cancellation_requested",
    "replacement_request_status", "is_replacement", "has_unmatched_prescriptions", "patient_id",
    "created_at", "updated_at", "ship_state", "carrier", "service_level", "shipped_at", "line_count",
    "blend_stuck_reason", "blend_stuck_at", "blend_stuck_status", "indexed_at", "sync_run",
]  # fmt: skip
# The events that say where an order stands: the latest of them tells whether it is stuck at Blend
MOVES = ("order.stuck", "order.status_changed", "order.shipped", "order.delivered", "order.cancelled")


@dataclass(frozen=True)
class BlendStuck:
    """What Blend's latest `order.stuck` event of an order said."""

    reason: str
    at: datetime | None
    status: str  # the order's status as the event gave it ("" when it named none)


def _event_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stuck_of(event: Event) -> BlendStuck:
    try:
        data = json.loads(event.body).get("data") or {}
    except (ValueError, AttributeError):
        data = {}
    reason = str(data.get("reason") or "").strip() or "(no reason given)"
    code = str(data.get("status_code") or "")
    return BlendStuck(reason[:100], _event_time(event.object_updated_at), STATUS_CODE_SLUGS.get(code, ""))


def stuck_by_events(order_ids: Iterable[str]) -> dict[str, BlendStuck]:
    """The orders of `order_ids` whose latest event about where they stand (MOVES) is Blend's
    `order.stuck`: Blend's order has no stuck field, its events are all that say so. One query."""
    ids = [i for i in order_ids if i]
    if not ids:
        return {}
    latest = (
        Event.objects.filter(order_id=OuterRef("order_id"), event_code__in=MOVES)
        .order_by("-object_updated_at", "-id")
        .values("id")[:1]
    )
    stuck = Event.objects.filter(order_id__in=ids, event_code="order.stuck", id=Subquery(latest))
    return {event.order_id: _stuck_of(event) for event in stuck.only("order_id", "body", "object_updated_at")}


def _stuck_now(stuck: BlendStuck | None, status: str) -> BlendStuck | None:
    """Stuck while the order stays in the status it got stuck in (one that moves on is not)."""
    return stuck if stuck is not None and (not stuck.status or stuck.status == status) else None


def _row(facts: OrderFacts, *, now, run: int, stuck: BlendStuck | None = None) -> IndexedOrder:
    shipped = [s.shipped_at for s in facts.shipments if s.shipped_at]
    stuck = _stuck_now(stuck, facts.status)
    state = (facts.address.state if facts.address else "") or ""
    shipping = facts.shipping
    return IndexedOrder(
        id=facts.id,
        order_number=facts.order_number[:40],
        external_id=(facts.external_id or "")[:100],
        status=facts.status[:40],
        priority_requested=facts.priority_requested,
        cancellation_requested=facts.cancellation_requested,
        replacement_request_status=(facts.replacement_request_status or "")[:20],
        is_replacement=facts.is_replacement,
        has_unmatched_prescriptions=facts.has_unmatched_prescriptions,
        patient_id=((facts.patient.id if facts.patient else "") or "")[:64],
        created_at=facts.created_at,
        updated_at=facts.updated_at,
        ship_state=state.upper()[:2] if len(state.strip()) == 2 else "",
        carrier=((shipping.carrier if shipping else "") or "")[:40],
        service_level=((shipping.service_level if shipping else "") or "")[:60],
        shipped_at=min(shipped) if shipped else None,
        line_count=sum(
            len(getattr(facts.products, k)) for k in ("prescription", "non_prescription", "order_material")
        ),
        blend_stuck_reason=stuck.reason if stuck else "",
        blend_stuck_at=stuck.at if stuck else None,
        blend_stuck_status=(stuck.status or facts.status)[:40] if stuck else "",
        indexed_at=now,
        sync_run=run,
    )


def index_store(orders: Iterable[OrderFacts], *, run: int = 0) -> int:
    """Write `orders` to the index (insert or replace, their products too). `run`: the full sync that
    read them (0 for a refresh, which keeps the row's last sync). Returns how many were written."""
    now = timezone.now()
    orders = [o for o in orders if o.id]
    if not orders:
        return 0
    stuck = stuck_by_events(o.id for o in orders)  # Blend's order.stuck events (apps.events)
    rows = [_row(o, now=now, run=run, stuck=stuck.get(o.id)) for o in orders]
    fields = FIELDS if run else [f for f in FIELDS if f != "sync_run"]
    with transaction.atomic():
        IndexedOrder.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["id"], update_fields=fields, batch_size=500
        )
        ids = [o.id for o in orders]
        IndexedOrderProduct.objects.filter(order_id__in=ids).delete()
        IndexedOrderProduct.objects.bulk_create(
            [
                IndexedOrderProduct(
                    order_id=row.id,
                    kind=kind,
                    product_id=product_id[:64],
                    status=row.status,
                    created_at=row.created_at,
                )
                for o, row in zip(orders, rows, strict=True)
                for kind, product_id in o.product_ids()
            ],
            batch_size=1000,
        )
    return len(rows)


def index_order_refresh(order_id: str) -> IndexedOrder | None:
    """Read one order from Blend and write it to the index: what an event about the order, and each
    of BlendAdmin's own changes to it, call. An order Blend no longer has leaves the index (None)."""
    try:
        facts = get_blend().order_facts_get(order_id=order_id)
    except BlendNotFound:
        IndexedOrder.objects.filter(id=order_id).delete()
        return None
    index_store([facts])
    return IndexedOrder.objects.filter(id=facts.id).first()


def index_order_store(order: object) -> None:
    """Write an order BlendAdmin already holds (an action's answer) to the index, without asking
    Blend again. Never fails the caller: the index is a copy, and the next refresh or sync mends it."""
    try:
        facts = OrderFacts.model_validate(
            order.model_dump(mode="json") if hasattr(order, "model_dump") else order
        )
        index_store([facts])
    except Exception as exc:  # no traceback: a validation error would quote the order (patient data)
        logger.warning("Could not index an order (%s); the next sync mends it", type(exc).__name__)


def _current_run() -> IndexSync:
    """The unfinished sync to resume, or a new one."""
    run = IndexSync.objects.filter(finished_at__isnull=True).order_by("-id").first()
    return run or IndexSync.objects.create()


def _store_page(run_id: int, number: int, page) -> IndexSync | None:
    """Store one page read for run `run_id` and move its next page on, in one transaction; None when
    another worker stored this page first."""
    with transaction.atomic():
        run = IndexSync.objects.select_for_update().get(pk=run_id)
        if run.done or run.next_page != number:
            return None
        index_store(page.items, run=run.id)
        run.next_page = number + 1
        run.total_pages = page.total_pages
        run.total_count = page.total_count
        run.orders_seen += len(page.items)
        run.blend_calls += 1
        run.last_error = ""
        if not page.has_next or not page.items:
            stale = IndexedOrder.objects.exclude(sync_run=run.id).filter(indexed_at__lt=run.started_at)
            run.removed = stale.delete()[1].get(IndexedOrder._meta.label, 0)
            run.finished_at = timezone.now()
        run.save()
        return run


def order_index_sync(
    *,
    max_pages: int | None = None,
    pause: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    budget: float | None = None,
) -> IndexSync:
    """Run (or resume) the full sync: page after page, `pause` seconds apart (the setting
    ORDER_INDEX_PAGE_PAUSE), so the people using Blend meanwhile keep its rate to themselves.
    `max_pages`: stop after that many pages, `budget`: after that many seconds (the next call
    resumes: a queued task gives way to others and stays well inside TASKS_RUNNING_TIMEOUT). A Blend
    failure stops the sync with the error recorded on it; the next call resumes at the same page."""
    pause = settings.ORDER_INDEX_PAGE_PAUSE if pause is None else pause
    run = _current_run()
    blend = get_blend()
    stored = 0
    deadline = time.monotonic() + budget if budget is not None else None
    while not run.done and (max_pages is None or stored < max_pages):
        if deadline is not None and stored and time.monotonic() >= deadline:
            break
        number = run.next_page
        if stored:
            sleep(pause)
        try:
            page = blend.order_facts_page(page=number, page_size=PAGE_SIZE)
        except BlendError as exc:
            IndexSync.objects.filter(pk=run.pk).update(last_error=f"Page {number}: {exc.message}"[:300])
            logger.warning("Order index sync stopped at page %s (%s)", number, type(exc).__name__)
            raise
        run = _store_page(run.pk, number, page) or IndexSync.objects.get(pk=run.pk)
        stored += 1
    return run


def index_as_of() -> IndexSync | None:
    """The last finished full sync: the index holds every order as Blend had it at that sync's
    start, and events have refreshed orders since."""
    return IndexSync.objects.filter(finished_at__isnull=False).order_by("-id").first()
