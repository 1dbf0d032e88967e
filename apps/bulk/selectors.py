"""Reads for the bulk pages: every order the list's filters select (for a run over all of them),
and a run with its dry run, progress and outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict

from apps.blend.concurrency import optional
from apps.blend.models.orders import OrderSummary
from apps.blend.pagination import Page, iter_from
from apps.blend.runtime import get_blend
from apps.bulk.models import BulkItem, BulkRun, ItemState
from apps.bulk.runner import bulk_counts
from apps.core.exports import CsvExport, iso
from apps.core.search import search_by_name
from apps.orders import rules
from apps.orders.filters import OrderFilterForm, OrderFilters
from apps.orders.indexed import indexed_all
from apps.orders.selectors import EXPORT_PAGE_SIZE, SEARCH_LIMIT, order_filters_text, status_choices


def filters_from_query(query: str) -> OrderFilters:
    return OrderFilterForm(QueryDict(query)).filters()


def orders_matching(*, filters: OrderFilters) -> list[OrderSummary]:
    """Every order the list's filters select, from every page of Blend's list (or the whole search
    result), as the list reads them."""
    blend = get_blend()
    names = {s.slug: s.name for s in optional(blend.order_statuses)() or () if s.slug}
    known = {slug for slug, _ in status_choices(names)}
    statuses = [s for s in filters.statuses if s in known]
    if filters.searching:  # as the list searches: a name as shown or as "Last, First" (apps.core.search)
        found = search_by_name(lambda q: blend.search_orders(q=q, limit=SEARCH_LIMIT), filters.q)
        return [o for o in found.items if not statuses or o.status in statuses]
    if filters.uses_index:  # the index selects; the dry run reads each order from Blend
        return indexed_orders(filters)

    def page(number: int) -> Page[OrderSummary]:
        unmatched = True if filters.has_unmatched_prescriptions else None
        return blend.order_list(
            page=number, page_size=EXPORT_PAGE_SIZE, statuses=statuses, has_unmatched_prescriptions=unmatched
        )

    return list(iter_from(page(1), page))


def selection_text(filters: OrderFilters | None, count: int) -> str:
    """How the orders were chosen, for the run and the audit log (never search words)."""
    if filters is None:
        return f"{count} orders ticked on the list"
    return "every order matching " + (order_filters_text(filters) or "no filter")


@dataclass(frozen=True)
class BulkPage:
    run: BulkRun
    action: rules.OrderAction
    counts: dict[str, int]
    allowed: int
    total: int
    items: QuerySet[BulkItem]

    @property
    def not_allowed(self) -> int:
        return self.total - self.allowed

    @property
    def settled(self) -> int:
        return sum(
            self.counts[s] for s in (ItemState.DONE, ItemState.REFUSED, ItemState.FAILED, ItemState.NOT_TRIED)
        )

    @property
    def finished(self) -> bool:
        return self.run.state == "done"


def bulk_page_data(*, run_id: int) -> BulkPage:
    run = BulkRun.objects.get(pk=run_id)
    items = run.items.all()
    return BulkPage(
        run=run,
        action=rules.ACTIONS[run.action],
        counts=bulk_counts(run),
        allowed=items.filter(allowed=True).count(),
        total=items.count(),
        items=items.order_by("position"),
    )


OUTCOME_CSV_HEADER = [
    "Order",
    "Order id",
    "Status at the dry run",
    "Dry run",
    "Outcome",
    "Blend's answer",
    "Finished",
]


def bulk_outcome_export(*, run_id: int) -> CsvExport:
    run = BulkRun.objects.get(pk=run_id)
    rows = (
        [i.order_number, i.order_id, i.status_before, "allowed" if i.allowed else f"not allowed: {i.reason}",
         ItemState(i.state).label, i.message, iso(i.finished_at)]
        for i in run.items.order_by("position").iterator(chunk_size=1000)
    )  # fmt: skip
    return CsvExport(f"bulk-{run.action}-{run.pk}", OUTCOME_CSV_HEADER, rows)


def indexed_orders(filters: OrderFilters) -> list[OrderSummary]:
    """Every order the index selects for `filters`, each read from Blend now."""
    return list(indexed_all(filters))
