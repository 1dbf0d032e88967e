"""Inventory lots, their associations with products, and the stock figures they drive.

A lot row is the lot object (3.1) plus `_associations`: a list of `{product_type, product_id,
units_per_product, customer, customer_id}`. Rules (inferred, see catalog-reports-notifications.md §3):
a product's `current_stock` = sum over its *active* lots of `current_quantity // units_per_product`;
`has_inventory` = at least one lot is associated with it. Every write here recomputes both for the
products it touches.

Choices where the docs are silent: `batch_number` (string) and `initial_quantity` (integer >= 0) are
required on create; `current_quantity` defaults to `initial_quantity`; `type` defaults to the product's
kind; `units_per_product` is an integer >= 1 (default 1); `received_date` defaults to now. Per-product
lists and the per-product create answer carry no `id`, timestamps or `associations` (as in the docs'
examples). Adjusting below zero -> 422; the adjust answer is 201, as the docs' page shows. A second
association with the same product replaces its `units_per_product`. Products named in a body that do
not exist -> 422; unknown ids in the path -> 404.
"""

from __future__ import annotations

from typing import Any

from apps.sandbox.handlers.catalog import (
    BOOL,
    COUNT,
    DATE,
    INT,
    KINDS,
    MONEY,
    POSITIVE,
    STAMP,
    STR,
    check_kind,
    clean,
    find_product,
)
from apps.sandbox.http import (
    ApiError,
    Reply,
    SandboxRequest,
    created,
    invalid,
    iso,
    new_id,
    not_found,
    now,
    ok,
    router,
)
from apps.sandbox.state import Row, SandboxState

LOT_FIELDS = {
    "batch_number": STR,
    "manufacturer": STR,
    "mpn": STR,
    "upc": STR,
    "type": STR,
    "unit_type": STR,
    "initial_quantity": COUNT,
    "current_quantity": COUNT,
    "cost_per_unit": MONEY,
    "expiration_date": DATE,
    "received_date": STAMP,
    "is_active": BOOL,
    "notes": STR,
}
LOT_KEYS = tuple(LOT_FIELDS)
FALLBACK_CUSTOMER = ("Sandbox Telehealth Clinic", "0227d1e5-ba9a-42b5-8fe2-38882aa65708")


def _customer() -> tuple[str, str]:
    """The account's customer name and id (from the seed when it names them)."""
    from apps.sandbox import seed

    source = seed if hasattr(seed, "CUSTOMER_ID") else getattr(seed, "catalog", None)
    return (
        getattr(source, "CUSTOMER_NAME", FALLBACK_CUSTOMER[0]),
        getattr(source, "CUSTOMER_ID", FALLBACK_CUSTOMER[1]),
    )


# ---- reading ----------------------------------------------------------------------------------


def find_lot(state: SandboxState, lot_id: str) -> Row:
    row = state.lots.get(lot_id) or state.lots.get(lot_id.lower())
    if row is None:
        raise not_found("Inventory lot")
    return row


def links(lot: Row) -> list[dict[str, Any]]:
    return list(lot.get("_associations") or [])


def render_associations(state: SandboxState, lot: Row) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    customer, customer_id = _customer()
    for link in links(lot):
        product = state.products.get(link["product_id"]) or {}
        grouped.setdefault(link["product_type"], []).append(
            {
                "customer": link.get("customer") or customer,
                "customer_id": link.get("customer_id") or customer_id,
                "name": product.get("name") or link.get("name"),
                "product_id": link["product_id"],
                "units_per_product": link.get("units_per_product", 1),
            }
        )
    return grouped


def render_lot(state: SandboxState, lot: Row) -> Row:
    """The lot as on lot detail, the inventory list and the adjust answer."""
    body: Row = {"id": lot["id"], "created_at": lot.get("created_at"), "updated_at": lot.get("updated_at")}
    body.update({key: lot.get(key) for key in LOT_KEYS})
    body["associations"] = render_associations(state, lot)
    return body


def render_product_lot(lot: Row, units_per_product: int) -> Row:
    """The lot as on a product's inventory list and create answer: no id, with units per product."""
    body: Row = {key: lot.get(key) for key in LOT_KEYS}
    body["units_per_product"] = units_per_product
    return body


# ---- stock ------------------------------------------------------------------------------------


def refresh_stock(state: SandboxState, product_type: str, product_id: str) -> None:
    """Recompute `current_stock` and `has_inventory` of one product from the lots linked to it."""
    product = state.products.get(product_id)
    if product is None:
        return
    stock, linked = 0, False
    for lot in state.lots.rows():
        for link in links(lot):
            if link["product_type"] == product_type and link["product_id"] == product_id:
                linked = True
                if lot.get("is_active", True):
                    stock += int(lot.get("current_quantity") or 0) // max(
                        1, int(link.get("units_per_product") or 1)
                    )
    if product.get("current_stock") != stock or product.get("has_inventory") != linked:
        row = state.products.edit(product_id)
        row["current_stock"] = stock
        row["has_inventory"] = linked


def refresh_lot_products(state: SandboxState, lot: Row, extra: list[dict[str, Any]] | None = None) -> None:
    for link in links(lot) + (extra or []):
        refresh_stock(state, link["product_type"], link["product_id"])


# ---- writing ----------------------------------------------------------------------------------


def _lot_values(body: dict[str, Any], *, creating: bool, default_type: str | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values = clean(body, LOT_FIELDS, errors)
    if creating:
        for name in ("batch_number", "initial_quantity"):
            if values.get(name) in (None, "") and name not in errors:
                errors[name] = "This field is required."
        values.setdefault("type", default_type)
    if ("type" in values or creating) and values.get("type") not in KINDS and "type" not in errors:
        errors["type"] = "Must be one of: " + ", ".join(KINDS) + "."
    for name in ("initial_quantity", "current_quantity"):
        if name in body and values.get(name) is None and name not in errors:
            errors[name] = "Must be a whole number."
    if errors:
        raise invalid(errors)
    return values


def _units(body: dict[str, Any], errors: dict[str, str]) -> int:
    values = clean(body, {"units_per_product": POSITIVE}, errors)
    return values.get("units_per_product") or 1


def _new_lot(state: SandboxState, values: dict[str, Any], link: dict[str, Any] | None) -> Row:
    stamp = now()
    lot: Row = {"id": new_id(), "created_at": iso(stamp), "updated_at": iso(stamp)}
    lot.update({key: values.get(key) for key in LOT_KEYS})
    if lot["current_quantity"] is None:
        lot["current_quantity"] = lot["initial_quantity"]
    if lot["received_date"] is None:
        lot["received_date"] = stamp.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S.%f")
    if lot["is_active"] is None:
        lot["is_active"] = True
    lot["notes"] = lot["notes"] or ""
    lot["_associations"] = [link] if link else []
    state.lots.insert(lot)
    refresh_lot_products(state, lot)
    return lot


def _link(product_type: str, product_id: str, units: int) -> dict[str, Any]:
    customer, customer_id = _customer()
    return {
        "product_type": product_type,
        "product_id": product_id,
        "units_per_product": units,
        "customer": customer,
        "customer_id": customer_id,
    }


def _body_product(state: SandboxState, body: dict[str, Any], errors: dict[str, str]) -> Row | None:
    """The product a body names with `product_type` + `product_id` (422 when they are wrong)."""
    product_type, product_id = body.get("product_type"), body.get("product_id")
    if product_type is None and product_id is None:
        return None
    if product_type not in KINDS:
        errors["product_type"] = "Must be one of: " + ", ".join(KINDS) + "."
        return None
    if not isinstance(product_id, str) or not product_id:
        errors["product_id"] = "This field is required."
        return None
    try:
        return find_product(state, product_type, product_id)
    except ApiError:
        errors["product_id"] = "No such product of this type."
        return None


# ---- endpoints --------------------------------------------------------------------------------


@router.route("GET", "/products/inventory")
def inventory_list(req: SandboxRequest):
    grouped: dict[str, list[Row]] = {"non_prescription": [], "prescription": [], "order_material": []}
    lots = sorted(req.state.lots.rows(), key=lambda lot: (lot.get("created_at") or "", lot["id"]))
    for lot in lots:
        if lot.get("type") in grouped:
            grouped[lot["type"]].append(render_lot(req.state, lot))
    return ok(grouped)


@router.route("POST", "/products/inventory")
def inventory_lot_create(req: SandboxRequest):
    body = req.json_object()
    errors: dict[str, str] = {}
    product = _body_product(req.state, body, errors)
    units = _units(body, errors)
    if errors:
        raise invalid(errors)
    values = _lot_values(body, creating=True, default_type=body.get("product_type"))
    link = _link(product["_kind"], product["id"], units) if product else None
    return created(render_lot(req.state, _new_lot(req.state, values, link)))


@router.route("GET", "/products/inventory/{lot_id}")
def inventory_lot_get(req: SandboxRequest, lot_id: str):
    return ok(render_lot(req.state, find_lot(req.state, lot_id)))


@router.route("PUT", "/products/inventory/{lot_id}")
def inventory_lot_update(req: SandboxRequest, lot_id: str):
    lot = find_lot(req.state, lot_id)
    values = _lot_values(req.json_object(), creating=False)
    changes = {key: value for key, value in values.items() if value is not None and lot.get(key) != value}
    if changes:
        lot = req.state.lots.edit(lot["id"])
        lot.update(changes)
        lot["updated_at"] = iso(now())
        refresh_lot_products(req.state, lot)
    return ok(render_lot(req.state, lot))


@router.route("PATCH", "/products/inventory/{lot_id}/quantity")
def inventory_adjust(req: SandboxRequest, lot_id: str):
    lot = find_lot(req.state, lot_id)
    body = req.json_object()
    errors: dict[str, str] = {}
    values = clean(body, {"additional_quantity": INT}, errors)
    if "additional_quantity" not in values and not errors:
        errors["additional_quantity"] = "This field is required."
    if errors:
        raise invalid(errors)
    result = int(lot.get("current_quantity") or 0) + values["additional_quantity"]
    if result < 0:
        held = lot.get("current_quantity") or 0
        raise invalid({"additional_quantity": f"The lot holds {held}; it cannot go below 0."})
    lot = req.state.lots.edit(lot["id"])
    lot["current_quantity"] = result
    lot["updated_at"] = iso(now())
    refresh_lot_products(req.state, lot)
    return Reply(201, render_lot(req.state, lot))


@router.route("GET", "/products/{kind}/{product_id}/inventory")
def product_inventory(req: SandboxRequest, kind: str, product_id: str):
    product = find_product(req.state, check_kind(kind), product_id)
    found = []
    for lot in sorted(req.state.lots.rows(), key=lambda lot: (lot.get("created_at") or "", lot["id"])):
        for link in links(lot):
            if link["product_type"] == kind and link["product_id"] == product["id"]:
                found.append(render_product_lot(lot, link.get("units_per_product", 1)))
    return ok(found)


@router.route("POST", "/products/{kind}/{product_id}/inventory")
def product_inventory_create(req: SandboxRequest, kind: str, product_id: str):
    product = find_product(req.state, check_kind(kind), product_id)
    body = req.json_object()
    errors: dict[str, str] = {}
    units = _units(body, errors)
    if errors:
        raise invalid(errors)
    values = _lot_values(body, creating=True, default_type=kind)
    lot = _new_lot(req.state, values, _link(kind, product["id"], units))
    return created(render_product_lot(lot, units))


@router.route("GET", "/products/inventory/{lot_id}/associations")
def inventory_associations(req: SandboxRequest, lot_id: str):
    lot = find_lot(req.state, lot_id)
    return ok(render_associations(req.state, lot))


@router.route("POST", "/products/inventory/{lot_id}/associations")
def inventory_association_create(req: SandboxRequest, lot_id: str):
    lot = find_lot(req.state, lot_id)
    body = req.json_object()
    errors: dict[str, str] = {}
    if body.get("product_type") is None and "product_type" not in errors:
        errors["product_type"] = "This field is required."
    product = _body_product(req.state, body, errors)
    units = _units(body, errors)
    if errors or product is None:
        raise invalid(errors or {"product_id": "This field is required."})
    lot = req.state.lots.edit(lot["id"])
    kept = [
        link
        for link in links(lot)
        if not (link["product_type"] == product["_kind"] and link["product_id"] == product["id"])
    ]
    lot["_associations"] = [*kept, _link(product["_kind"], product["id"], units)]
    lot["updated_at"] = iso(now())
    refresh_stock(req.state, product["_kind"], product["id"])
    return created(render_associations(req.state, lot))


@router.route("DELETE", "/products/inventory/{lot_id}/associations/{product_type}/{product_id}")
def inventory_association_remove(req: SandboxRequest, lot_id: str, product_type: str, product_id: str):
    lot = find_lot(req.state, lot_id)
    current = links(lot)
    kept = [
        link
        for link in current
        if not (link["product_type"] == product_type and link["product_id"].lower() == product_id.lower())
    ]
    if len(kept) == len(current):
        raise not_found("Inventory association")
    removed = [link for link in current if link not in kept]
    lot = req.state.lots.edit(lot["id"])
    lot["_associations"] = kept
    lot["updated_at"] = iso(now())
    refresh_lot_products(req.state, lot, removed)
    return ok(render_associations(req.state, lot))
