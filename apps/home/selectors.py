"""The home page's read: what each role starts the day from.

Every counter is an exact count from BlendAdmin's order index (apps.orderindex), with the query the
order list itself runs for the same filters (`apps.orders.selectors.order_counts`), and links to that
list, oldest first (queues are worked oldest first): the number on the home page is the number of
rows its link shows. The index is kept current by Blend's events and a periodic reconciliation; the
queue says as of when. The role's default queue (a saved view, apps.savedviews) comes first.

The rest reads Blend in one concurrent round: clinic staff's recent orders, managers' numbers for
today. Each part stands on its own: a read Blend fails (a timeout, an error, no daily report for
today) leaves its panel saying so, and the rest of the page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.timesince import timesince

from apps.accounts.roles import ROLE_CLINIC, user_role
from apps.audit.actor import Actor
from apps.audit.services import audit_view
from apps.blend.concurrency import fetch_concurrently, optional
from apps.blend.models.orders import NOT_SHIPPED_STATUSES, OrderSummary
from apps.blend.models.reports import DayTotals
from apps.blend.runtime import get_blend
from apps.orders import rules as orders_rules
from apps.orders.filters import OrderFilters, list_url
from apps.orders.selectors import order_counts, order_status_names, status_name
from apps.reports import rules as reports_rules
from apps.reports.selectors import today_numbers
from apps.savedviews.selectors import SavedViewCount, role_queue_view

OLDEST_FIRST = "created"
RECENT_ORDERS = 10

# The counters, in the order shown: (label, the order list's filters). Each opens that list.
COUNTERS: list[tuple[str, OrderFilters]] = [
    ("Orders in exception", OrderFilters(statuses=["exception"], sort=OLDEST_FIRST)),
    ("Unchanged longer than usual", OrderFilters(stuck=True, sort=OLDEST_FIRST)),
    ("Paused for more than a day", OrderFilters(paused_long=True, sort=OLDEST_FIRST)),
    ("All paused orders", OrderFilters(statuses=["paused"], sort=OLDEST_FIRST)),
    ("With unmatched prescriptions", OrderFilters(has_unmatched_prescriptions=True, sort=OLDEST_FIRST)),
    (
        "Cancellation requested, not yet shipped",
        OrderFilters(request="cancellation", statuses=list(NOT_SHIPPED_STATUSES), sort=OLDEST_FIRST),
    ),
    ("Replacement requested", OrderFilters(request="replacement", sort=OLDEST_FIRST)),
    (
        "Priority requested, not yet shipped",
        OrderFilters(request="priority", statuses=list(NOT_SHIPPED_STATUSES), sort=OLDEST_FIRST),
    ),
    ("Stuck at Blend", OrderFilters(blend_stuck=True, sort=OLDEST_FIRST)),
]


def age(moment: datetime | None, now: datetime | None = None) -> str:
    """How long ago, in its largest unit ("3 days", "5 hours"); "" for none."""
    return timesince(moment, now or timezone.now(), depth=1) if moment else ""


@dataclass(frozen=True)
class QueueItem:
    label: str
    count: int | None  # None: the order index is being built for the first time
    href: str  # the order list showing exactly these orders
    oldest: str = ""  # the age of the oldest of them ("3 days")


@dataclass(frozen=True)
class HomePage:
    role: str
    queue: list[QueueItem] = field(default_factory=list)
    as_of: datetime | None = None  # the order index's last full sync
    role_queue: SavedViewCount | None = None  # the role's default queue (a saved view)
    recent_orders: list[tuple[OrderSummary, str]] | None = None  # clinic staff: (order, status name)
    today: DayTotals | None = None  # managers
    show_search: bool = False
    show_reports: bool = False
    recent_failed: bool = False  # clinic staff's recent orders could not be read
    today_failed: bool = False  # managers' numbers for today could not be read

    @property
    def counting(self) -> bool:
        """The order index was never synced yet: the counts come within a minute."""
        return bool(self.queue) and self.as_of is None


ROLE_QUEUE = "role queue"  # the role's default queue, counted with the counters (one "as of")


def _queue(role: str) -> tuple[list[QueueItem], datetime | None, SavedViewCount | None]:
    wanted = {label: filters for label, filters in COUNTERS}
    view = role_queue_view(role=role)
    if view is not None:
        wanted[ROLE_QUEUE] = view.filters
    counted = order_counts(filters=wanted)
    now = timezone.now()
    items = []
    for label, filters in COUNTERS:
        found = counted.counts.get(label)
        items.append(
            QueueItem(
                label,
                found.count if found else None,
                list_url(filters),
                age(found.oldest, now) if found else "",
            )
        )
    queue = None
    if view is not None:
        found = counted.counts.get(ROLE_QUEUE)
        queue = SavedViewCount(view, found.count if found else None, found.oldest if found else None, [role])
    return items, counted.freshness.as_of, queue


def home_page_data(*, actor: Actor) -> HomePage:
    """What the actor's role starts from, only what that role may open. Clinic staff see recent
    orders with patients' names: how many is audited."""
    user = actor.user
    role = user_role(user)
    if not user.has_perm(orders_rules.VIEW):
        return HomePage(role=role)
    blend = get_blend()
    clinic = role == ROLE_CLINIC
    managers = user.has_perm(reports_rules.VIEW)
    calls = {}
    if clinic:
        calls["recent"] = lambda: blend.order_list(page_size=RECENT_ORDERS)
        calls["statuses"] = order_status_names  # cached by the client
    if managers:
        calls["today"] = lambda: today_numbers(timezone.localdate())
    # Every read may fail on its own: its part of the page says so (None), the rest shows.
    found = fetch_concurrently(**{name: optional(call) for name, call in calls.items()})
    queue, as_of, role_queue = _queue(role)
    recent = found.get("recent")
    if recent is not None:
        audit_view(actor=actor, action="home.recent_orders", shown={"order": len(recent.items)})
    today = found.get("today")
    return HomePage(
        role=role,
        queue=queue,
        as_of=as_of,
        role_queue=role_queue,
        recent_orders=[(o, status_name(o.status, found.get("statuses") or {})) for o in recent.items]
        if clinic and recent is not None
        else ([] if clinic else None),
        today=today.totals if today is not None else None,
        show_search=clinic,
        show_reports=managers,
        recent_failed=clinic and recent is None,
        today_failed=managers and today is None,
    )
