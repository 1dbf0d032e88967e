"""Reads for the catalog pages, one per page, resolved before the page renders. Independent Blend
reads run together (one round trip); a part of a page that cannot be read (inventory, barcodes, the
orders report, the catalog beside the formulas) leaves a note instead of failing the page. The
catalog shows no patient data, so its reads are not audited. What Blend cannot list comes from
BlendAdmin's own records: the formulas it added (`AddedFormula`) and a lot's changes (the audit log)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.http import Http404
from django.urls import NoReverseMatch, reverse

from apps.audit.models import AuditEntry
from apps.blend.concurrency import fetch_concurrently, optional
from apps.blend.errors import BlendError, BlendNotFound
from apps.blend.models.catalog import PRODUCT_KINDS, Product, ProductCatalog
from apps.blend.models.inventory import BARCODE_ENTITY_TYPES, Barcode, Lot
from apps.blend.models.orders import Reason
from apps.blend.pagination import Page
from apps.blend.runtime import get_blend
from apps.catalog import wording
from apps.catalog.models import AddedFormula
from apps.catalog.wording import EXPIRING_DAYS, OWNER_LABELS, STATUSES, WHY_NOT, status_of
from apps.core.exports import CsvExport

PAGE_SIZE = 25
REPORT_DAYS = 30
# Blend's barcode entity type of each product kind.
BARCODE_TYPES = {
    "prescription": "prescription_product",
    "non_prescription": "non_prescription_product",
    "order_material": "order_material",
}
BARCODE_KINDS = {entity_type: kind for kind, entity_type in BARCODE_TYPES.items()}  # and back


def _local_page[T](items: Sequence[T], page: int, page_size: int = PAGE_SIZE) -> Page[T]:
    """One page of a list read whole (a page past the end shows the last one)."""
    total = len(items)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    start = (page - 1) * page_size
    chunk = list(items[start : start + page_size])
    return Page(chunk, page, page_size, total, pages, max(0, total - start - len(chunk)))


# ---- the catalog list -------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogQuery:
    kind: str | None = None  # None: every kind
    q: str = ""
    status: str = ""  # "" or a key of wording.STATUSES
    page: int = 1

    @property
    def filtering(self) -> bool:
        return bool(self.q or self.status)


def _matches(product: Product, q: str, status: str) -> bool:
    if status and status_of(product.is_active) != status:
        return False
    if not q:
        return True
    needle = q.casefold()
    return any(
        needle in (value or "").casefold() for value in (product.name, product.sku, product.product_code)
    )


def catalog_list_data(*, query: CatalogQuery) -> Page[Product]:
    """A page of products: Blend's own page of one kind, or (every kind, or a search or status
    filter) `GET /products` filtered and paged here, by name."""
    blend = get_blend()
    if query.kind and not query.filtering:
        return blend.product_list(kind=query.kind, page=query.page, page_size=PAGE_SIZE)
    catalog = blend.product_catalog()
    kinds = [query.kind] if query.kind else list(PRODUCT_KINDS)
    found = [p for kind in kinds for p in getattr(catalog, kind) if _matches(p, query.q, query.status)]
    found.sort(key=lambda p: ((p.name or "").casefold(), p.id))
    return _local_page(found, query.page)


CATALOG_CSV_HEADER = ["Name", "Kind", "SKU", "Code", "Strength", "Form", "Price", "Stock", "Status"]


def catalog_export(*, query: CatalogQuery) -> CsvExport:
    """Every product the list's tab, search and status select (all pages), by name, with its columns."""
    catalog = get_blend().product_catalog()
    kinds = [query.kind] if query.kind else list(PRODUCT_KINDS)
    found = [p for kind in kinds for p in getattr(catalog, kind) if _matches(p, query.q, query.status)]
    found.sort(key=lambda p: ((p.name or "").casefold(), p.id))
    rows = (
        [p.name, p.kind_label, p.sku or "", p.product_code or "", p.strength or "", p.form or "",
         "" if p.price is None else f"{p.price:.2f}", "" if p.current_stock is None else p.current_stock,
         STATUSES[status_of(p.is_active)]]
        for p in found
    )  # fmt: skip
    return CsvExport("catalog", CATALOG_CSV_HEADER, rows)


# ---- formulas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormulaRow:
    """A formula: one BlendAdmin added (`added`), or one only a product names (`added` None)."""

    formula_id: str
    added: AddedFormula | None
    products: list[Product]

    @property
    def name(self) -> str:
        return self.added.name if self.added else ""

    def matches(self, needle: str) -> bool:
        words = [self.formula_id, self.name, *(p.name or "" for p in self.products)]
        if self.added:
            words += [self.added.description, *self.added.medication_scdgs, *self.added.allergen_scdgs]
            words += self.added.allergen_snomeds
        return any(needle in word.casefold() for word in words)


@dataclass(frozen=True)
class FormulasPage:
    page: Page[FormulaRow]
    q: str
    products_read: bool  # False: Blend's catalog could not be read, so no product is shown


def formulas_page_data(*, q: str = "", page: int = 1) -> FormulasPage:
    """Blend has no list of formulas: the formulas BlendAdmin added, and the formula ids Blend's
    prescription products name (each formula with the products made from it), named ones first by
    name. Blend's catalog failing leaves the added formulas, with a note."""
    catalog = optional(get_blend().product_catalog)()
    made_from: dict[str, list[Product]] = {}
    for product in catalog.prescription if catalog else ():
        if product.formula_id not in (None, ""):
            made_from.setdefault(str(product.formula_id), []).append(product)
    added = list(AddedFormula.objects.select_related("added_by"))
    rows = [FormulaRow(f.blend_id, f, made_from.pop(f.blend_id, [])) for f in added]
    rows += [FormulaRow(formula_id, None, products) for formula_id, products in made_from.items()]
    needle = q.casefold()
    found = [row for row in rows if not needle or row.matches(needle)]
    found.sort(key=lambda row: (not row.name, row.name.casefold(), row.formula_id))
    for row in found:
        row.products.sort(key=lambda p: ((p.name or "").casefold(), p.id))
    return FormulasPage(_local_page(found, page), q, catalog is not None)


# ---- one product ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductLot:
    """A lot feeding the product, and how many lot units one unit of the product uses."""

    lot: Lot
    units_per_product: int

    @property
    def product_units(self) -> int:
        return (self.lot.current_quantity or 0) // max(1, self.units_per_product)


@dataclass(frozen=True)
class ProductPage:
    product: Product
    lots: list[ProductLot] | None  # None: Blend's inventory could not be read
    barcodes: list[Barcode] | None
    ordered: int | None  # units ordered over the last REPORT_DAYS days (None: report unavailable)
    report_start: date
    report_end: date

    @property
    def barcode_type(self) -> str:
        return BARCODE_TYPES[self.product.kind or "prescription"]


def product_find(*, kind: str, product_id: str) -> Product:
    """The product from Blend's catalog (Blend has no read of one product); 404 when unknown."""
    for product in getattr(get_blend().product_catalog(), kind):
        if product.id == product_id:
            return product
    raise Http404("No such product")


def lots_of(lots: Sequence[Lot], kind: str, product_id: str) -> list[ProductLot]:
    found = []
    for lot in lots:
        link = lot.associations.find(kind, product_id) if lot.associations else None
        if link is not None:
            found.append(ProductLot(lot, link.units_per_product or 1))
    return found


def _ordered(kind: str, product_id: str, start: date, end: date) -> int | None:
    report = get_blend().report_orders(start_date=start, end_date=end, include=["products"])
    if report.orders_by_product is None:
        return None
    return sum(c.count for c in getattr(report.orders_by_product, kind) if c.id == product_id)


def product_page_data(*, kind: str, product_id: str) -> ProductPage:
    """The product, its lots, barcodes and the units ordered over the last 30 days, read together."""
    blend = get_blend()
    end = datetime.now(UTC).date()
    start = end - timedelta(days=REPORT_DAYS - 1)
    found = fetch_concurrently(
        product=lambda: product_find(kind=kind, product_id=product_id),
        inventory=optional(blend.inventory_list),
        barcodes=optional(lambda: blend.barcode_list(entity_type=BARCODE_TYPES[kind], entity_id=product_id)),
        ordered=optional(lambda: _ordered(kind, product_id, start, end)),
    )
    inventory = found["inventory"]
    lots = None if inventory is None else lots_of(inventory.lots, kind, product_id)
    return ProductPage(found["product"], lots, found["barcodes"], found["ordered"], start, end)


# ---- compounding reasons ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReasonsPage:
    """Top-level reasons, each with its sub-reasons: Blend's own (a company's sub-reasons may sit
    under them) and the company's."""

    global_reasons: list[Reason]
    own_reasons: list[Reason]

    def own(self, reason_id: str) -> Reason | None:
        """One of the company's reasons, at any level (None for Blend's own or an unknown id)."""
        for top in (*self.global_reasons, *self.own_reasons):
            for reason in (top, *top.subcategories):
                if reason.id == reason_id and not reason.is_global:
                    return reason
        return None

    def parent_choices(self, exclude: str = "") -> list[tuple[str, str]]:
        """The top-level reasons a reason may sit under (reasons nest one level deep)."""
        return [
            (r.id, f"{r.name} (Blend)" if r.is_global else r.name)
            for r in (*self.global_reasons, *self.own_reasons)
            if r.id and r.id != exclude
        ]


def _by_name(reasons: Sequence[Reason]) -> list[Reason]:
    return sorted(reasons, key=lambda r: ((r.name or "").casefold(), r.id))


def reasons_page_data() -> ReasonsPage:
    """Blend's reasons (the client's cached list, forgotten on every change), as two trees."""
    reasons = _by_name(get_blend().reason_list())
    for reason in reasons:
        reason.subcategories = _by_name(reason.subcategories)
    return ReasonsPage([r for r in reasons if r.is_global], [r for r in reasons if not r.is_global])


# ---- inventory --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LotRow:
    lot: Lot
    products: list[tuple[str, str, str]]  # (kind, product id, name)
    expired: bool
    expiring: bool
    low: bool  # feeds a product at or below its reorder threshold


def lot_row(lot: Lot, low_products: set[str], *, now: datetime) -> LotRow:
    by_kind = lot.associations.by_kind() if lot.associations else []
    links = [(kind, a.product_id, a.name) for kind, items in by_kind for a in items]
    expires = lot.expiration_date
    expired = expires is not None and expires <= now
    expiring = expires is not None and not expired and expires <= now + timedelta(days=EXPIRING_DAYS)
    return LotRow(lot, links, expired, expiring, any(pid in low_products for _, pid, _ in links))


@dataclass(frozen=True)
class InventoryPage:
    rows: list[LotRow]
    total: int
    show: str  # "" or a key of LOT_FILTERS
    products: dict[str, list[Product]]  # every product by kind ({} when the catalog could not be read)
    catalog_read: bool = True  # False: Blend's catalog could not be read, so low stock is not flagged


def _low_products(catalog: ProductCatalog | None) -> set[str]:
    if catalog is None:  # Blend's catalog could not be read: no lot is flagged low
        return set()
    return {p.id for _, products in catalog.by_kind() for p in products if p.needs_reorder}


def _by_kind(catalog: ProductCatalog | None) -> dict[str, list[Product]]:
    return dict(catalog.by_kind()) if catalog is not None else {}


def inventory_page_data(*, show: str = "") -> InventoryPage:
    """Every lot (Blend's inventory) with its flags; `show` keeps expired, expiring or low-stock lots.
    Low stock is Blend's own figure: a product's `current_stock` at or below its `reorder_threshold`."""
    blend = get_blend()
    found = fetch_concurrently(inventory=blend.inventory_list, catalog=optional(blend.product_catalog))
    now = datetime.now(UTC)
    low = _low_products(found["catalog"])
    rows = [lot_row(lot, low, now=now) for lot in found["inventory"].lots if lot.id]
    rows.sort(key=lambda r: (r.lot.expiration_date or datetime.max.replace(tzinfo=UTC), r.lot.id or ""))
    shown = [r for r in rows if not show or getattr(r, show)]
    return InventoryPage(shown, len(rows), show, _by_kind(found["catalog"]), found["catalog"] is not None)


LOT_HISTORY_SIZE = 50


@dataclass(frozen=True)
class LotPage:
    row: LotRow
    products: dict[str, list[Product]]
    history: list[AuditEntry]  # the newest LOT_HISTORY_SIZE changes made through BlendAdmin
    catalog_read: bool = True  # False: Blend's catalog could not be read (no products to link)

    @property
    def lot(self) -> Lot:
        return self.row.lot


def lot_history(*, lot_id: str) -> list[AuditEntry]:
    """The lot's changes made through BlendAdmin, newest first (Blend keeps no history of a lot): its
    adjustments with quantities before and after and the reason, its creation and its links."""
    entries = AuditEntry.objects.filter(target_type="lot", target_id=lot_id).order_by("-created_at", "-id")
    return list(entries[:LOT_HISTORY_SIZE])


def lot_page_data(*, lot_id: str) -> LotPage:
    """One lot with its associations, the catalog (products it may be linked to) and its history."""
    blend = get_blend()
    found = fetch_concurrently(
        lot=lambda: blend.inventory_lot_get(lot_id=lot_id), catalog=optional(blend.product_catalog)
    )
    catalog = found["catalog"]
    row = lot_row(found["lot"], _low_products(catalog), now=datetime.now(UTC))
    history = lot_history(lot_id=found["lot"].id or lot_id)
    return LotPage(row, _by_kind(catalog), history, catalog is not None)


def catalog_by_kind() -> dict[str, list[Product]]:
    return dict(get_blend().product_catalog().by_kind())


def lot_get(*, lot_id: str) -> Lot:
    return get_blend().inventory_lot_get(lot_id=lot_id)


# ---- barcodes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarcodeSheet:
    entity_type: str
    entity_id: str
    title: str
    back_url: str
    barcodes: list[Barcode]


def barcode_sheet_data(*, entity_type: str, entity_id: str) -> BarcodeSheet:
    """A product's or a lot's active barcodes (with images), and what to call it."""
    blend = get_blend()
    if entity_type == "inventory":
        found = fetch_concurrently(
            owner=lambda: blend.inventory_lot_get(lot_id=entity_id),
            barcodes=lambda: blend.barcode_list(entity_type=entity_type, entity_id=entity_id),
        )
        title = f"Lot {found['owner'].batch_number or entity_id}"
        back = reverse("catalog:lot", args=[entity_id])
    else:
        kind = BARCODE_KINDS[entity_type]
        found = fetch_concurrently(
            owner=lambda: product_find(kind=kind, product_id=entity_id),
            barcodes=lambda: blend.barcode_list(entity_type=entity_type, entity_id=entity_id),
        )
        title = found["owner"].name or entity_id
        back = reverse("catalog:detail", args=[kind, entity_id])
    return BarcodeSheet(entity_type, entity_id, title, back, found["barcodes"])


@dataclass(frozen=True)
class Verification:
    """What a scanned code is: valid with what it belongs to, or why not (a key of WHY_NOT)."""

    value: str
    valid: bool
    why_not: str = ""
    barcode: Barcode | None = None
    owner_label: str = ""
    owner_url: str = ""
    owner_name: str = ""

    @property
    def reason(self) -> str:
        return WHY_NOT.get(self.why_not, "")


def barcode_verification(*, value: str) -> Verification:
    """Ask Blend whether `value` is a valid barcode, and if not, why not: Blend answers 404 alike for
    an unknown, inactive or expired code, so the code's own entity (`<TYPE>-<entity id>-<8 hex>`) is
    asked for its inactive codes, which tell an expired or withdrawn code from one never issued."""
    blend = get_blend()
    try:
        barcode = blend.barcode_verify(barcode_value=value)
    except BlendNotFound:
        return Verification(value, False, _why_not(value))
    label, name, args = _owner(barcode.entity_type, barcode.entity_id)
    try:
        url = reverse(name, args=args) if name else ""
    except NoReverseMatch:
        url = ""
    return Verification(value, True, "", barcode, label, url, _owner_name(barcode) or barcode.entity_id)


def _owner_name(barcode: Barcode) -> str:
    """What the packer reads: the product's name, the lot's number, the order's number (not a
    patient's or a user's name: those stay ids). Blank when Blend cannot say just now."""
    blend, entity_type, entity_id = get_blend(), barcode.entity_type, barcode.entity_id
    kinds = BARCODE_KINDS
    try:
        if entity_type in kinds:
            return product_find(kind=kinds[entity_type], product_id=entity_id).name
        if entity_type == "inventory":
            return f"lot {blend.inventory_lot_get(lot_id=entity_id).batch_number or entity_id}"
        if entity_type == "order":
            return blend.order_get(order_id=entity_id).reference
    except (BlendError, Http404, ValueError):
        return ""
    return ""


def _why_not(value: str) -> str:
    head, _, rest = value.partition("-")
    entity_type, (entity_id, _, _) = head.lower(), rest.rpartition("-")
    if entity_type not in BARCODE_ENTITY_TYPES or not entity_id:
        return "unknown"
    try:
        old = get_blend().barcode_list(
            entity_type=entity_type, entity_id=entity_id, is_active=False, include_images=False
        )
    except (BlendError, ValueError):
        return "unknown"
    match = next((b for b in old if b.barcode_value == value), None)
    if match is None:
        return "unknown"
    expired = match.expires_at is not None and match.expires_at <= datetime.now(UTC)
    return "expired" if expired else "inactive"


def _owner(entity_type: str, entity_id: str) -> tuple[str, str, list[str]]:
    label = OWNER_LABELS.get(entity_type, entity_type)
    if entity_type in BARCODE_TYPES.values():
        kind = BARCODE_KINDS[entity_type]
        return label, "catalog:detail", [kind, entity_id]
    if entity_type == "inventory":
        return label, "catalog:lot", [entity_id]
    if entity_type == "order":
        return label, "orders:detail", [entity_id]
    return label, "", []


INVENTORY_CSV_HEADER = ["Lot", "Lot id", "Products", "Expires", "On hand", "Flags"]


def inventory_export(*, show: str = "") -> CsvExport:
    """The inventory list's lots (its filter applied), with its columns."""
    page = inventory_page_data(show=show)

    def flags(row: LotRow) -> str:
        flags = wording.LOT_FLAGS
        found = [flags["inactive"]] if row.lot.is_active is False else []
        found += [flags["expired"]] if row.expired else [flags["expiring"]] if row.expiring else []
        return "; ".join(found + ([flags["low"]] if row.low else []))

    rows = (
        [r.lot.batch_number or "", r.lot.id or "", "; ".join(name or pid for _, pid, name in r.products),
         r.lot.expiration_date.date().isoformat() if r.lot.expiration_date else "",
         "" if r.lot.current_quantity is None else r.lot.current_quantity, flags(r)]
        for r in page.rows
    )  # fmt: skip
    return CsvExport("inventory", INVENTORY_CSV_HEADER, rows)
