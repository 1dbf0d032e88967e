"""The home page's read: what each role starts the day from, in one concurrent round of Blend calls.

Counts come from Blend's list headers (`X-Total-Count` of a one-order page) wherever Blend's order
list can filter that way (status, unmatched prescriptions). Blend cannot filter by a pending
cancellation, a pending replacement, a priority request or the time an order has been paused: those
are counted in one page of open orders (open orders are the day's work, a bounded set) and one page
of the most recent shipped or delivered orders (where replacements are requested); a count says
"at least" when the page did not hold every such order.

Each part of the page stands on its own: a read Blend fails (a timeout, an error, no daily report
for today) leaves its counts or panel saying so, and the rest of the page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import ROLE_CLINIC, user_role
from apps.audit.actor import Actor
from apps.audit.services import audit_view
from apps.blend.concurrency import fetch_concurrently, optional
from apps.blend.models.orders import OrderSummary
from apps.blend.models.reports import DayTotals
from apps.blend.pagination import Page
from apps.blend.runtime import get_blend
from apps.orderindex.selectors import blend_stuck_count, index_freshness
from apps.orders import rules as orders_rules
from apps.orders.selectors import order_status_names, status_name
from apps.reports import rules as reports_rules
from apps.reports.selectors import today_numbers

OPEN_STATUSES = ("received", "data_entry", "picked", "verified", "paused", "exception")
FILLED_STATUSES = ("shipped", "delivered")
SCAN_PAGE = 200  # Blend's largest page
RECENT_ORDERS = 10
PAUSED_TOO_LONG = timedelta(days=1)


@dataclass(frozen=True)
class QueueItem:
    label: str
    count: int | None  # None: Blend did not answer the read it comes from
    href: str = ""  # the order list filtered the same way, when the list can filter so
    at_least: bool = False  # counted in one page that did not hold every candidate
    as_of: datetime | None = None  # counted in BlendAdmin's order index, as current as this


@dataclass(frozen=True)
class HomePage:
    role: str
    queue: list[QueueItem] = field(default_factory=list)
    recent_orders: list[tuple[OrderSummary, str]] | None = None  # clinic staff: (order, status name)
    today: DayTotals | None = None  # managers
    show_search: bool = False
    show_reports: bool = False
    recent_failed: bool = False  # clinic staff's recent orders could not be read
    today_failed: bool = False  # managers' numbers for today could not be read


def _list_url(**query: str) -> str:
    return f"{reverse('orders:list')}?{urlencode(query)}"


def _counted(
    label: str, page: Page[OrderSummary] | None, wanted: Callable[[OrderSummary], bool]
) -> QueueItem:
    """The orders of `page` that are `wanted` (at least that many when Blend holds more pages)."""
    if page is None:
        return QueueItem(label, None)
    count = sum(1 for order in page.items if wanted(order))
    return QueueItem(label, count, at_least=page.total_count > len(page.items))


def _total(label: str, page: Page[OrderSummary] | None, href: str) -> QueueItem:
    return QueueItem(label, None if page is None else page.total_count, href)


def _queue(found: dict) -> list[QueueItem]:
    day_ago = datetime.now(UTC) - PAUSED_TOO_LONG
    open_orders, filled = found["open"], found["filled"]
    return [
        _total("Orders in exception", found["exception"], _list_url(status="exception")),
        _counted(
            "Paused for more than a day",
            open_orders,
            lambda o: o.status == "paused" and o.updated_at is not None and o.updated_at < day_ago,
        ),
        _total("All paused orders", found["paused"], _list_url(status="paused")),
        _total("With unmatched prescriptions", found["unmatched"], _list_url(unmatched="1")),
        _counted("Cancellation requested", open_orders, lambda o: o.cancellation_requested),
        _counted("Replacement requested", filled, lambda o: o.replacement_request_status == "pending"),
        _counted("Priority requested", open_orders, lambda o: o.priority_requested),
        QueueItem("Stuck at Blend", found["stuck"], _list_url(blend_stuck="1"), as_of=found["stuck_as_of"]),
    ]


def home_page_data(*, actor: Actor) -> HomePage:
    """What the actor's role starts from, only what that role may open, read in one round. Clinic
    staff see recent orders with patients' names: how many is audited."""
    user = actor.user
    role = user_role(user)
    if not user.has_perm(orders_rules.VIEW):
        return HomePage(role=role)
    blend = get_blend()
    clinic = role == ROLE_CLINIC
    managers = user.has_perm(reports_rules.VIEW)
    calls = {
        "exception": lambda: blend.order_list(page_size=1, statuses=["exception"]),
        "paused": lambda: blend.order_list(page_size=1, statuses=["paused"]),
        "unmatched": lambda: blend.order_list(page_size=1, has_unmatched_prescriptions=True),
        "open": lambda: blend.order_list(page_size=SCAN_PAGE, statuses=OPEN_STATUSES),
        "filled": lambda: blend.order_list(page_size=SCAN_PAGE, statuses=FILLED_STATUSES),
    }
    if clinic:
        calls["recent"] = lambda: blend.order_list(page_size=RECENT_ORDERS)
        calls["statuses"] = order_status_names  # cached by the client
    if managers:
        calls["today"] = lambda: today_numbers(timezone.localdate())
    # Every read may fail on its own: its part of the page says so (None), the rest shows.
    found = fetch_concurrently(**{name: optional(call) for name, call in calls.items()})
    # Exact, from the order index Blend's order.stuck events keep: no Blend call, stands when Blend fails
    found["stuck"], found["stuck_as_of"] = blend_stuck_count(), index_freshness().as_of
    recent = found.get("recent")
    if recent is not None:
        audit_view(actor=actor, action="home.recent_orders", shown={"order": len(recent.items)})
    today = found.get("today")
    return HomePage(
        role=role,
        queue=_queue(found),
        recent_orders=[(o, status_name(o.status, found["statuses"] or {})) for o in recent.items]
        if clinic and recent is not None
        else ([] if clinic else None),
        today=today.totals if today is not None else None,
        show_search=clinic,
        show_reports=managers,
        recent_failed=clinic and recent is None,
        today_failed=managers and today is None,
    )
