"""Barcodes for users, orders, patients, prescriptions, products and inventory lots.

Choices where the docs are silent: a barcode lives one hour (as in the docs' example) and reads as
`is_active: false` once expired, and `is_active` on the list filters by that value (false = only the
inactive ones); the entity must exist (404 otherwise; a `prescription` is an
e-prescription or one of its medications); unknown `entity_type` -> 422; `barcode_value` is
`<ENTITY_TYPE>-<entity id>-<8 hex>`; `image` is a small PNG (bars drawn from the value) as a data URL.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import secrets
import struct
import zlib
from datetime import UTC, datetime, timedelta

from apps.sandbox.http import SandboxRequest, created, invalid, new_id, not_found, now, ok, router
from apps.sandbox.lookups import find_order, find_patient
from apps.sandbox.state import Row, SandboxState

ENTITY_TYPES = (
    "user",
    "order",
    "patient",
    "prescription",
    "prescription_product",
    "non_prescription_product",
    "order_material",
    "inventory",
)
PRODUCT_ENTITIES = {
    "prescription_product": "prescription",
    "non_prescription_product": "non_prescription",
    "order_material": "order_material",
}
LIFETIME = timedelta(hours=1)
STAMP = "%Y-%m-%dT%H:%M:%S.%f"


def _entity_id(state: SandboxState, entity_type: str, entity_id: str) -> str:
    """The canonical id of the entity (404 when the sandbox holds no such entity)."""
    if entity_type == "order":
        return find_order(state, entity_id)["id"]
    if entity_type == "patient":
        return find_patient(state, entity_id, by_external_id=True)["id"]
    table, kind = {
        "user": (state.users, None),
        "inventory": (state.lots, None),
        "prescription": (state.eprescriptions, None),
    }.get(entity_type, (state.products, PRODUCT_ENTITIES.get(entity_type)))
    row = table.get(entity_id) or table.get(entity_id.lower())
    if row is not None and (kind is None or row.get("_kind") == kind):
        return row["id"]
    if entity_type == "prescription":
        for eprescription in state.eprescriptions.rows():
            for medication in eprescription.get("medications") or []:
                if medication.get("id") == entity_id:
                    return entity_id
    raise not_found(entity_type.replace("_", " ").capitalize())


def _check_type(entity_type: str) -> None:
    if entity_type not in ENTITY_TYPES:
        raise invalid({"entity_type": "Must be one of: " + ", ".join(ENTITY_TYPES) + "."})


def _expires(row: Row) -> datetime:
    return datetime.strptime(row["expires_at"], STAMP).replace(tzinfo=UTC)


def _active(row: Row) -> bool:
    return bool(row.get("is_active")) and _expires(row) > now()


def render(row: Row, *, include_image: bool = True) -> Row:
    body = {key: value for key, value in row.items() if not key.startswith("_")}
    body["is_active"] = _active(row)
    if include_image:
        body["image"] = barcode_png(row["barcode_value"])
    return body


@functools.lru_cache(maxsize=256)
def barcode_png(value: str) -> str:
    """A small black-and-white PNG with bars drawn from `value`, as a `data:image/png` URL."""
    bits = "".join(f"{byte:08b}" for byte in hashlib.sha256(value.encode()).digest()[:12])
    pattern = "0000" + "101" + bits + "101" + "0000"  # quiet zone, guards, data
    width, height = len(pattern) * 2, 24
    row = b"\x00" + bytes(0 if bit == "1" else 255 for bit in pattern for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(row * height))
    png += chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(png).decode()


@router.route("POST", "/barcodes/verify")
def barcode_verify(req: SandboxRequest):
    value = req.json_object().get("barcode_value")
    if not isinstance(value, str) or not value.strip():
        raise invalid({"barcode_value": "This field is required."})
    row = next((r for r in req.state.barcodes.rows() if r["barcode_value"] == value.strip()), None)
    if row is None or not _active(row):
        raise not_found("Active barcode")
    return ok(render(row))


@router.route("POST", "/barcodes/{entity_type}/{entity_id}")
def barcode_create(req: SandboxRequest, entity_type: str, entity_id: str):
    _check_type(entity_type)
    canonical = _entity_id(req.state, entity_type, entity_id)
    moment = now()
    row: Row = {
        "id": new_id(),
        "barcode_value": f"{entity_type.upper()}-{canonical}-{secrets.token_hex(4)}",
        "entity_type": entity_type,
        "entity_id": canonical,
        "created_at": moment.replace(tzinfo=None).strftime(STAMP),
        "expires_at": (moment + LIFETIME).replace(tzinfo=None).strftime(STAMP),
        "is_active": True,
    }
    req.state.barcodes.insert(row)
    return created(render(row))


@router.route("GET", "/barcodes/{entity_type}/{entity_id}")
def barcode_list(req: SandboxRequest, entity_type: str, entity_id: str):
    _check_type(entity_type)
    canonical = _entity_id(req.state, entity_type, entity_id)
    wanted = req.query_bool("is_active", True)
    images = req.query_bool("include_images", True)
    rows = [
        row
        for row in req.state.barcodes.rows()
        if row["entity_type"] == entity_type and row["entity_id"] == canonical and _active(row) == wanted
    ]
    rows.sort(key=lambda row: (row["created_at"], row["id"]))
    return ok([render(row, include_image=images) for row in rows])
