"""Reads for the recall pages: what is recalled (read from Blend), the open orders that hold it (from
the order index, each re-read from Blend), and a recall's report with the names of its patients and
prescribers, read from Blend together (one round of concurrent reads) and audited as a view of
patient data."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from apps.audit.actor import Actor
from apps.audit.services import audit_export, audited_view
from apps.blend.concurrency import fetch_concurrently, optional
from apps.blend.errors import BlendNotFound, BlendValidationError
from apps.blend.models.catalog import KIND_LABELS
from apps.blend.models.orders import OPEN_STATUSES
from apps.blend.runtime import get_blend
from apps.bulk.models import BulkItem, ItemState, RunState
from apps.catalog.selectors import product_find
from apps.core.exports import CsvExport, iso
from apps.core.writes import Refused
from apps.orderindex.models import IndexedOrder, IndexedOrderProduct
from apps.orderindex.selectors import index_freshness
from apps.orders import rules as order_rules
from apps.recalls.models import Recall, RecallOrder, RecallRun, Subject

UNKNOWN_PRODUCT = "Blend's catalog has no {kind} with this id."
UNKNOWN_LOT = "Blend has no inventory lot with this id."
UNREAD = "could not be read from Blend"


@dataclass(frozen=True)
class RecalledProduct:
    kind: str
    id: str
    name: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "name": self.name}


@dataclass(frozen=True)
class RecallSubject:
    """What is recalled, as Blend has it now: one product, or a lot and the products it feeds."""

    subject: str  # Subject
    subject_id: str
    name: str
    kind: str  # a product's kind ("" for a lot)
    products: list[RecalledProduct]

    @property
    def is_lot(self) -> bool:
        return self.subject == Subject.LOT


def recall_subject_find(*, lot: str = "", kind: str = "", product: str = "") -> RecallSubject:
    """The product (Blend's catalog: it has no read of one product) or the lot (with its product
    associations); an id Blend does not know is refused at its field."""
    if product:
        try:
            found = product_find(kind=kind, product_id=product)
        except Http404:
            raise Refused(UNKNOWN_PRODUCT.format(kind=KIND_LABELS[kind].lower()), field="product") from None
        name = found.name or product
        return RecallSubject(Subject.PRODUCT, product, name, kind, [RecalledProduct(kind, product, name)])
    try:
        found_lot = get_blend().inventory_lot_get(lot_id=lot)
    except (BlendNotFound, BlendValidationError):
        raise Refused(UNKNOWN_LOT, field="lot") from None
    products = [
        RecalledProduct(kind, link.product_id, link.name or link.product_id)
        for kind, links in (found_lot.associations.by_kind() if found_lot.associations else [])
        for link in links
        if link.product_id
    ]
    name = found_lot.batch_number or lot
    return RecallSubject(Subject.LOT, lot, name, "", products)


def open_orders_holding(products: Sequence[RecalledProduct]) -> list[tuple[IndexedOrder, list[str]]]:
    """Every open order of the index holding one of `products`, with the ids of those it holds."""
    if not products:
        return []
    wanted = Q(pk__in=[])
    for product in products:
        wanted |= Q(kind=product.kind, product_id=product.id)
    held: dict[str, list[str]] = {}
    rows = IndexedOrderProduct.objects.filter(wanted, order__status__in=OPEN_STATUSES)
    for order_id, product_id in rows.values_list("order_id", "product_id"):
        held.setdefault(order_id, []).append(product_id)
    orders = IndexedOrder.objects.filter(pk__in=list(held)).order_by("order_number", "id")
    return [(order, sorted(set(held[order.pk]))) for order in orders]


def read_all[T](keys: Iterable[str], read: Callable[[str], T]) -> dict[str, T | None]:
    """`read(key)` for every key, all at once (Blend's client pool); a failed read gives None."""
    return read_groups({"": (keys, read)})[""]


def read_groups(groups: dict[str, tuple[Iterable[str], Callable[[str], Any]]]) -> dict[str, dict[str, Any]]:
    """Several kinds of read (`{"patients": (ids, read)}`) in one round: every call submitted at once,
    never a read waiting on the pool from inside the pool (which could stall it under load)."""
    calls: dict[str, Callable[[], Any]] = {}
    names: dict[str, tuple[str, str]] = {}
    for group, (keys, read) in groups.items():
        for key in dict.fromkeys(k for k in keys if k):
            name = f"c{len(calls)}"
            calls[name] = optional(lambda key=key, read=read: read(key))
            names[name] = (group, key)
    found = fetch_concurrently(**calls)
    result: dict[str, dict[str, Any]] = {group: {} for group in groups}
    for name, (group, key) in names.items():
        result[group][key] = found[name]
    return result


# ---- a recall's report ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    order: RecallOrder
    patient: str  # the name, or "" when there is none
    prescribers: list[str]
    products: list[str]  # names of the recalled products it holds
    item: BulkItem | None  # the last bulk run's outcome for it (None: not in any run)
    link: RecallRun | None  # that run's link, with its action and reason

    @property
    def action(self) -> str:
        return order_rules.ACTIONS[self.link.run.action].label if self.link else ""

    @property
    def outcome(self) -> str:
        if self.item is None or self.link is None:
            return ""
        if self.link.run.state == RunState.DRAFT:
            return "Dry run, not confirmed"
        return ItemState(self.item.state).label


@dataclass(frozen=True)
class StatusGroup:
    status: str
    name: str
    rows: list[ReportRow]


@dataclass(frozen=True)
class RecallReport:
    recall: Recall
    products: list[RecalledProduct]
    groups: list[StatusGroup]
    runs: list[RecallRun]
    patients: int  # distinct patients concerned
    prescribers: int  # distinct prescribers concerned
    patients_unread: int  # patients whose names Blend did not give
    prescribers_unread: int
    shown: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    @property
    def running(self) -> bool:
        return any(link.run.state in (RunState.QUEUED, RunState.RUNNING) for link in self.runs)


def _status_names() -> dict[str, str]:
    statuses = optional(get_blend().order_statuses)() or []
    return {s.slug: s.name for s in statuses if s.slug}


def _report(recall_id: int) -> RecallReport:
    recall = Recall.objects.get(pk=recall_id)
    orders = list(recall.orders.all())
    runs = list(recall.runs.select_related("run"))
    latest: dict[str, tuple[BulkItem, RecallRun]] = {}
    by_run = {link.run_id: link for link in runs}
    for item in BulkItem.objects.filter(run_id__in=list(by_run)).order_by("run_id", "position"):
        latest[item.order_id] = (item, by_run[item.run_id])
    blend = get_blend()
    patient_ids = [o.patient_id for o in orders]
    prescriber_ids = [p for o in orders for p in o.prescriber_ids]
    found = read_groups(
        {
            "statuses": (["all"], lambda _: _status_names()),
            "patients": (patient_ids, lambda pid: blend.patient_get(patient_id=pid)),
            "prescribers": (prescriber_ids, lambda pid: blend.prescriber_get(prescriber_id=pid)),
        }
    )
    patients, prescribers = found["patients"], found["prescribers"]
    products = [RecalledProduct(**p) for p in recall.products]
    product_names = {p.id: p.name for p in products}
    grouped: dict[str, list[ReportRow]] = {}
    for order in orders:
        patient = patients.get(order.patient_id)
        item, link = latest.get(order.order_id, (None, None))
        grouped.setdefault(order.status, []).append(
            ReportRow(
                order=order,
                patient=patient.full_name if patient else (f"({UNREAD})" if order.patient_id else ""),
                prescribers=[
                    p.full_name if (p := prescribers.get(pid)) else f"({UNREAD})"
                    for pid in order.prescriber_ids
                ],
                products=[product_names.get(pid, pid) for pid in order.product_ids],
                item=item,
                link=link,
            )
        )
    names = found["statuses"].get("all") or {}
    rank = {status: i for i, status in enumerate(OPEN_STATUSES)}
    groups = [
        StatusGroup(status, names.get(status) or status.replace("_", " ").capitalize(), rows)
        for status, rows in sorted(grouped.items(), key=lambda kv: (rank.get(kv[0], 99), kv[0]))
    ]
    shown = {
        "patient": sum(1 for p in patients.values() if p),
        "prescriber": sum(1 for p in prescribers.values() if p),
    }
    return RecallReport(
        recall=recall,
        products=products,
        groups=groups,
        runs=runs,
        patients=len(patients),
        prescribers=len(prescribers),
        patients_unread=sum(1 for p in patients.values() if p is None),
        prescribers_unread=sum(1 for p in prescribers.values() if p is None),
        shown=shown,
    )


@audited_view("recall.view", shown=lambda report: {"recall": 1, **report.shown})
def recall_page_data(*, actor: Actor, recall_id: int) -> RecallReport:
    """A recall's report: its orders by status with their patients and prescribers (names read from
    Blend together; a name Blend does not give leaves a gap that says so), and each order's outcome
    in the recall's last bulk run that held it."""
    return _report(recall_id)


REPORT_CSV_HEADER = [
    "Order",
    "Order id",
    "Status when recalled",
    "Patient",
    "Prescribers",
    "Recalled products held",
    "Action",
    "Reason",
    "Outcome",
    "Blend's answer",
    "Finished",
    "Run by",
]


def recall_report_export(*, actor: Actor, recall_id: int) -> CsvExport:
    """The report as CSV, one row per order (grouped by status as the page), audited with its row
    count once sent."""
    report = _report(recall_id)
    rows = (
        [r.order.order_number, r.order.order_id, group.name, r.patient, "; ".join(r.prescribers),
         "; ".join(r.products), r.action, r.link.reason if r.link else "", r.outcome,
         (r.item.message or r.item.reason) if r.item else "", iso(r.item.finished_at) if r.item else "",
         r.link.username if r.link else ""]
        for group in report.groups
        for r in group.rows
    )  # fmt: skip

    def finished(count: int, complete: bool) -> None:
        audit_export(
            actor=actor, kind="recall", count=count, filters=f"recall #{recall_id}", complete=complete
        )

    return CsvExport(f"recall-{recall_id}", REPORT_CSV_HEADER, rows, finished)


# ---- the recall list --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecallListRow:
    recall: Recall
    orders: int
    runs: int


def recall_list_data() -> list[RecallListRow]:
    """Every recall, newest first, with its number of orders and of bulk runs (no Blend read)."""
    recalls = Recall.objects.annotate(
        n_orders=Count("orders", distinct=True), n_runs=Count("runs", distinct=True)
    )
    return [RecallListRow(r, r.n_orders, r.n_runs) for r in recalls[:500]]


def index_as_of() -> datetime | None:
    return index_freshness().as_of
