"""Reads for pages that update themselves: the poller's question "did an order shown here change
since the cursor, or did a new one enter the list?", answered from BlendAdmin's database (the
processed events' order states, apps.events, and the order index, apps.orderindex), never from
Blend: an open page that nothing happens to costs no Blend call."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from apps.events.selectors import OrderChange, orders_changed_since, orders_last_change
from apps.orderindex.selectors import order_index_select
from apps.orders.filters import OrderFilterForm
from apps.orders.indexed import index_query
from apps.orders.selectors import order_status_names, status_name

POLL_SECONDS = 3  # a change shows within this plus one fragment's read: under 5 s


@dataclass(frozen=True)
class Poller:
    """What `live/poller.html` needs: the URL it asks every `every` seconds."""

    url: str
    every: int = POLL_SECONDS


@dataclass(frozen=True)
class ListWindow:
    """What an order list shows, for new orders: its filters (its own query string) and the
    creation time of its oldest row when the first page is full (None: a new order has room)."""

    query: str
    created_after: datetime | None = None


@dataclass(frozen=True)
class LiveAnswer:
    poller: Poller | None  # None: nothing changed since the cursor
    changed: list[OrderChange]  # the changes that concern the page
    message: str  # what a screen reader hears ("" when nothing concerns the page)


def _poller(
    since: datetime, order_ids: Collection[str], statuses: Collection[str], window: ListWindow | None
) -> Poller:
    query = {"since": since.isoformat()}
    if order_ids:
        query["order"] = ",".join(order_ids)
    if statuses:
        query["status"] = ",".join(statuses)
    if window is not None:
        query["listing"] = window.query
        if window.created_after is not None:
            query["after"] = window.created_after.isoformat()
    return Poller(f"{reverse('live:changes')}?{urlencode(query)}")


def live_poller(
    *, order_ids: Collection[str] = (), statuses: Collection[str] = (), window: ListWindow | None = None
) -> Poller:
    """A page's poller, starting from the latest change known now: about the orders it shows
    (`order_ids`), or orders entering the `statuses` it lists; any order when it names none (a queue
    counting every order). `window`: the page is the order list's first page, newest first, and an
    order its filters select that is newer than its oldest row concerns it too (a new order)."""
    return _poller(orders_last_change(), order_ids, statuses, window)


def _entering(window: ListWindow, candidates: Collection[str]) -> set[str]:
    """Which of `candidates` (changed orders the list does not show) the list's filters select
    and would show on its first page: new orders. Read from the order index, which the event's
    job wrote in the same transaction as the change. A search selects by name, which the index
    does not keep: a search's list hears only of the orders it shows."""
    if not candidates:
        return set()
    filters = OrderFilterForm(QueryDict(window.query)).filters()
    if filters.searching:
        return set()
    rows = order_index_select(query=index_query(filters)).filter(id__in=list(candidates))
    if window.created_after is not None:
        rows = rows.filter(created_at__gte=window.created_after)
    return set(rows.values_list("id", flat=True))


def _concerns(
    change: OrderChange, order_ids: Collection[str], statuses: Collection[str], *, listing: bool = False
) -> bool:
    if not order_ids and not statuses and not listing:  # a queue counting every order
        return True
    return change.order_id in order_ids or change.status in statuses


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _message(
    changed: list[OrderChange], order_ids: Collection[str], statuses: Collection[str], new: set[str]
) -> str:
    if not changed:
        return ""
    if not new and len(order_ids) == 1 and len({c.order_id for c in changed}) == 1:
        last = changed[-1]
        # Blend's name for the status (its list is cached by the client): only when something changed
        name = last.status_name or status_name(last.status, order_status_names())
        return f"Order {last.order_number or last.order_id} is now {name}."
    if order_ids or statuses or new:
        parts = []
        if new:
            parts.append(f"{_plural(len(new), 'new order')} in this list.")
        others = len({c.order_id for c in changed} - new)
        if others:
            parts.append(f"{_plural(others, 'order')} in this list changed.")
        return " ".join(parts)
    return "Orders changed: the counts are up to date."


def live_changes(
    *,
    since: datetime,
    order: list[str],
    status: list[str],
    listing: str | None = None,
    after: datetime | None = None,
) -> LiveAnswer:
    """What changed after `since` that concerns a page showing `order` (ids) or listing `status`;
    for the order list (`listing`, its query string), also the new orders its filters select,
    created at or after `after`."""
    window = ListWindow(listing, after) if listing is not None else None
    found = orders_changed_since(since=since)
    if not found.orders:
        return LiveAnswer(None, [], "")
    changed = [c for c in found.orders if _concerns(c, order, status, listing=window is not None)]
    new: set[str] = set()
    if window is not None:
        shown = set(order)
        new = _entering(window, {c.order_id for c in found.orders if c.order_id not in shown})
        changed = [c for c in found.orders if c in changed or c.order_id in new]
    poller = _poller(found.cursor, order, status, window)
    return LiveAnswer(poller, changed, _message(changed, order, status, new))
