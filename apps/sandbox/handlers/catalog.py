"""Products and materials (the three kinds) and formulas.

Choices where Blend's docs are silent: lists are sorted by name then id; creates 201 and fill `id`,
timestamps, a 10-digit `sku`, `current_stock` 0, `reorder_threshold` 0, `has_inventory` false; updates are
partial and only change the documented fields of each kind (unknown keys ignored); `name` must be a
non-empty string and `price` a number >= 0 (422 otherwise); unknown product id -> 404.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from apps.sandbox.http import (
    ApiError,
    SandboxRequest,
    created,
    invalid,
    iso,
    new_id,
    not_found,
    now,
    ok,
    paginated,
    router,
)
from apps.sandbox.state import Row, SandboxState, public

KINDS = ("prescription", "non_prescription", "order_material")
KIND_NAMES = {
    "prescription": "Prescription product",
    "non_prescription": "Non-prescription product",
    "order_material": "Order material",
}

# Field kinds understood by `clean()`.
STR, BOOL, MONEY, COUNT, INT, POSITIVE, FORMULA, DATE, STAMP = (
    "str",
    "bool",
    "money",
    "count",
    "int",
    "positive",
    "formula",
    "date",
    "stamp",
)

CREATE_FIELDS: dict[str, dict[str, str]] = {
    "prescription": {
        "name": STR,
        "description": STR,
        "category": STR,
        "product_code": STR,
        "form": STR,
        "strength": STR,
        "formula_id": FORMULA,
        "is_active": BOOL,
        "is_controlled_substance": BOOL,
        "price": MONEY,
    },
    "non_prescription": {
        "name": STR,
        "description": STR,
        "category": STR,
        "form": STR,
        "is_active": BOOL,
        "price": MONEY,
        "unit_count": COUNT,
        "unit_type": STR,
    },
    "order_material": {"name": STR, "description": STR, "category": STR, "is_global": BOOL},
}
UPDATE_FIELDS: dict[str, dict[str, str]] = {
    "prescription": {"name": STR, "sku": STR, "description": STR, "product_code": STR},
    "non_prescription": {"name": STR, "sku": STR, "description": STR, "price": MONEY},
    "order_material": {"name": STR, "sku": STR, "description": STR},
}
KIND_DEFAULTS: dict[str, dict[str, Any]] = {
    "prescription": {
        "product_code": None,
        "form": None,
        "strength": None,
        "formula_id": None,
        "is_active": True,
        "is_controlled_substance": False,
        "price": None,
    },
    "non_prescription": {
        "form": None,
        "is_active": True,
        "price": None,
        "unit_count": None,
        "unit_type": None,
    },
    "order_material": {"is_global": False},
}
FORMULA_FIELDS = {"name": STR, "description": STR}
FORMULA_LISTS = ("allergen_snomeds", "allergen_scdgs", "medication_scdgs")


# ---- validation shared by the catalog and inventory handlers ---------------------------------------


def parse_moment(value: str) -> datetime | None:
    """`2025-01-01`, `2025-01-01T00:00:00`, `...00.371623` or `...Z` -> datetime (naive = UTC)."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None


def _clean_value(kind: str, value: Any) -> tuple[Any, str | None]:
    """(cleaned value, error message or None)."""
    if value is None:
        return None, None
    if kind == STR:
        return (value, None) if isinstance(value, str) else (None, "Must be a string.")
    if kind == BOOL:
        return (value, None) if isinstance(value, bool) else (None, "Must be true or false.")
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == MONEY:
        if not numeric:
            return None, "Must be a number."
        return (value, None) if value >= 0 else (None, "Must be 0 or more.")
    if kind in (COUNT, INT, POSITIVE):
        if not isinstance(value, int) or isinstance(value, bool):
            return None, "Must be a whole number."
        if kind == COUNT and value < 0:
            return None, "Must be 0 or more."
        if kind == POSITIVE and value < 1:
            return None, "Must be 1 or more."
        return value, None
    if kind == FORMULA:
        return (
            (value, None)
            if isinstance(value, int | str) and not isinstance(value, bool)
            else (None, "Must be a formula id.")
        )
    if kind in (DATE, STAMP):
        moment = parse_moment(value) if isinstance(value, str) else None
        if moment is None:
            return None, "Must be a date (YYYY-MM-DD) or an ISO 8601 date-time."
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        fmt = "%Y-%m-%dT%H:%M:%S" if kind == DATE else "%Y-%m-%dT%H:%M:%S.%f"
        return moment.strftime(fmt), None
    raise AssertionError(kind)  # pragma: no cover


def clean(body: dict[str, Any], spec: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    """The fields of `spec` present in `body`, converted; problems are added to `errors`."""
    values: dict[str, Any] = {}
    for name, kind in spec.items():
        if name not in body:
            continue
        value, error = _clean_value(kind, body[name])
        if error:
            errors[name] = error
        else:
            values[name] = value
    return values


def require_name(values: dict[str, Any], errors: dict[str, str], *, creating: bool) -> None:
    if "name" in errors:
        return
    name = values.get("name")
    if (creating or "name" in values) and not (name or "").strip():
        errors["name"] = "This field is required."


# ---- products ---------------------------------------------------------------------------------


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ApiError(404, "No such endpoint.")
    return kind


def find_product(state: SandboxState, kind: str, product_id: str) -> Row:
    """A product of `kind` by id (404 otherwise)."""
    row = state.products.get(product_id) or state.products.get(product_id.lower())
    if row is None or row.get("_kind") != kind:
        raise not_found(KIND_NAMES.get(kind, "Product"))
    return row


def products_of(state: SandboxState, kind: str) -> list[Row]:
    rows = [row for row in state.products.rows() if row.get("_kind") == kind]
    rows.sort(key=lambda row: ((row.get("name") or "").lower(), row["id"]))
    return rows


def _new_sku(state: SandboxState) -> str:
    taken = {row.get("sku") for row in state.products.rows()}
    while True:
        sku = f"{uuid.uuid4().int % 10**10:010d}"
        if sku not in taken:
            return sku


@router.route("GET", "/products")
def product_catalog(req: SandboxRequest):
    kinds = ("non_prescription", "prescription", "order_material")  # key order as in the docs
    return ok({kind: [public(row) for row in products_of(req.state, kind)] for kind in kinds})


@router.route("GET", "/products/{kind}")
def product_list(req: SandboxRequest, kind: str):
    return paginated(req, products_of(req.state, check_kind(kind)))


@router.route("POST", "/products/{kind}")
def product_create(req: SandboxRequest, kind: str):
    check_kind(kind)
    errors: dict[str, str] = {}
    values = clean(req.json_object(), CREATE_FIELDS[kind], errors)
    require_name(values, errors, creating=True)
    if errors:
        raise invalid(errors)
    stamp = iso(now())
    row: Row = {
        "id": new_id(),
        "created_at": stamp,
        "updated_at": stamp,
        "sku": _new_sku(req.state),
        "name": values["name"].strip(),
        "description": values.get("description") or "",
        "category": values.get("category"),
        "current_stock": 0,
        "reorder_threshold": 0,
        "has_inventory": False,
    }
    for name, default in KIND_DEFAULTS[kind].items():
        row[name] = values[name] if values.get(name) is not None else default
    row["_kind"] = kind
    req.state.products.insert(row)
    return created(public(row))


@router.route("PUT", "/products/{kind}/{product_id}")
def product_update(req: SandboxRequest, kind: str, product_id: str):
    check_kind(kind)
    row = find_product(req.state, kind, product_id)
    errors: dict[str, str] = {}
    values = clean(req.json_object(), UPDATE_FIELDS[kind], errors)
    require_name(values, errors, creating=False)
    if errors:
        raise invalid(errors)
    changes = {name: value for name, value in values.items() if row.get(name) != value}
    if changes:
        row = req.state.products.edit(row["id"])
        row.update(changes)
        if "name" in changes:
            row["name"] = row["name"].strip()
        row["updated_at"] = iso(now())
    return ok(public(row))


# ---- formulas ---------------------------------------------------------------------------------


def _code_list(value: Any) -> list[str] | None:
    if not isinstance(value, list):
        return None
    if not all(isinstance(item, str | int) and not isinstance(item, bool) for item in value):
        return None
    return [str(item) for item in value]


@router.route("POST", "/products/formulas")
def formula_create(req: SandboxRequest):
    body = req.json_object()
    errors: dict[str, str] = {}
    values = clean(body, FORMULA_FIELDS, errors)
    require_name(values, errors, creating=True)
    lists: dict[str, list[str]] = {}
    for name in FORMULA_LISTS:
        codes = _code_list(body.get(name, []) if body.get(name) is not None else [])
        if codes is None:
            errors[name] = "Must be a list of codes."
        else:
            lists[name] = codes
    if errors:
        raise invalid(errors)
    stamp = iso(now())
    row: Row = {
        "id": new_id(),
        "name": values["name"].strip(),
        "description": values.get("description") or "",
        **lists,
        "created_at": stamp,
        "updated_at": stamp,
    }
    req.state.formulas.insert(row)
    return created(public(row))
