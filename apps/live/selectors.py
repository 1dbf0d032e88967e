"""Reads for pages that update themselves: the poller's question "did an order shown here change
since the cursor?", answered from BlendAdmin's database (the processed events' order states,
apps.events), never from Blend: an open page that nothing happens to costs no Blend call."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.urls import reverse

from apps.events.selectors import OrderChange, orders_changed_since, orders_last_change
from apps.orders.selectors import order_status_names, status_name

POLL_SECONDS = 3  # a change shows within this plus one fragment's read: under 5 s


@dataclass(frozen=True)
class Poller:
    """What `live/poller.html` needs: the URL it asks every `every` seconds."""

    url: str
    every: int = POLL_SECONDS


@dataclass(frozen=True)
class LiveAnswer:
    poller: Poller | None  # None: nothing changed since the cursor
    changed: list[OrderChange]  # the changes that concern the page
    message: str  # what a screen reader hears ("" when nothing concerns the page)


def _poller(since: datetime, order_ids: Collection[str], statuses: Collection[str]) -> Poller:
    query = {"since": since.isoformat()}
    if order_ids:
        query["order"] = ",".join(order_ids)
    if statuses:
        query["status"] = ",".join(statuses)
    return Poller(f"{reverse('live:changes')}?{urlencode(query)}")


def live_poller(*, order_ids: Collection[str] = (), statuses: Collection[str] = ()) -> Poller:
    """A page's poller, starting from the latest change known now: about the orders it shows
    (`order_ids`), or orders entering the `statuses` it lists; any order when it names none (a queue
    counting every order)."""
    return _poller(orders_last_change(), order_ids, statuses)


def _concerns(change: OrderChange, order_ids: Collection[str], statuses: Collection[str]) -> bool:
    if not order_ids and not statuses:
        return True
    return change.order_id in order_ids or change.status in statuses


def _message(changed: list[OrderChange], order_ids: Collection[str], statuses: Collection[str]) -> str:
    if not changed:
        return ""
    if len(order_ids) == 1 and len({c.order_id for c in changed}) == 1:
        last = changed[-1]
        # Blend's name for the status (its list is cached by the client): only when something changed
        name = last.status_name or status_name(last.status, order_status_names())
        return f"Order {last.order_number or last.order_id} is now {name}."
    if order_ids or statuses:
        count = len({c.order_id for c in changed})
        return f"{count} order{'s' if count != 1 else ''} in this list changed."
    return "Orders changed: the counts are up to date."


def live_changes(*, since: datetime, order: list[str], status: list[str]) -> LiveAnswer:
    """What changed after `since` that concerns a page showing `order` (ids) or listing `status`."""
    found = orders_changed_since(since=since)
    if not found.orders:
        return LiveAnswer(None, [], "")
    changed = [c for c in found.orders if _concerns(c, order, status)]
    return LiveAnswer(_poller(found.cursor, order, status), changed, _message(changed, order, status))
