"""Orders and what hangs off them: lines, shipments, status history, statuses, shipping options, reasons."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, model_validator

from apps.blend.models.base import BlendModel
from apps.blend.models.catalog import PRODUCT_KINDS

# Known status codes (older order shape) -> current lowercase slugs.
STATUS_CODE_SLUGS = {
    "N01": "received",
    "P01": "data_entry",
    "P02": "picked",
    "P03": "verified",
    "S01": "shipped",
    "S02": "delivered",
    "H01": "paused",
    "E01": "exception",
    "X01": "cancelled",
}
ORDER_STATUSES = tuple(STATUS_CODE_SLUGS.values())  # the statuses BlendAdmin knows, in order
OPEN_STATUSES = tuple(s for s in ORDER_STATUSES if s not in ("delivered", "cancelled"))  # not yet done
NOT_SHIPPED_STATUSES = tuple(s for s in OPEN_STATUSES if s != "shipped")  # still to work on at Blend


def status_slug(value: str | None) -> str:
    """`Received` / `Data Entry` / `received` -> `received` / `data_entry` (unknown ones kept)."""
    if not value:
        return ""
    return re.sub(r"[^a-z0-9]+", "_", value.strip().lower()).strip("_")


def order_data_now(data: Any) -> Any:
    """An order as Blend sends it now: the status as a lowercase slug (older shapes sent a code or a
    name), products always an object, e-prescription ids a flat list, a replacement request's status
    when only the older boolean came."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    status = data.get("status")
    code = data.get("status_code")
    if code in STATUS_CODE_SLUGS and (not status or status != status.lower()):
        data["status"] = STATUS_CODE_SLUGS[code]
    elif status:
        data["status"] = status_slug(status)
    elif data.get("status_name"):
        data["status"] = status_slug(data["status_name"])
    if data.get("products") is None:
        data["products"] = {}
    ids = data.get("electronic_prescription_ids")
    if isinstance(ids, list):  # the docs once showed a nested list
        data["electronic_prescription_ids"] = [i for x in ids for i in (x if isinstance(x, list) else [x])]
    if data.get("replacement_request_status") is None and data.get("replacement_requested"):
        data["replacement_request_status"] = "pending"
    return data


class Address(BlendModel):
    id: str | None = None
    address_1: str = ""
    address_2: str | None = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    country: str | None = "US"
    type: str | None = None

    @property
    def one_line(self) -> str:
        street = ", ".join(p for p in (self.address_1, self.address_2) if p)
        return f"{street}, {self.city}, {self.state} {self.zip_code}".strip(", ")


class CustomShipping(BlendModel):
    label_url: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    carrier: str | None = None


class Shipping(BlendModel):
    carrier: str | None = None
    service_level: str | None = None


class Shipment(BlendModel):
    id: str | None = None
    carrier: str | None = None
    service_level: str | None = None
    shipped_at: datetime | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None


class ReasonRef(BlendModel):
    id: str | None = None
    name: str = ""
    description: str | None = None


class OrderLine(BlendModel):
    """A product on an order (any of the three kinds)."""

    id: str = ""
    order_item_id: str | None = None
    sku: str | None = None
    name: str = ""
    description: str | None = None
    product_code: str | None = None
    category: str | None = None
    form: str | None = None
    strength: str | None = None
    quantity: int = 0
    has_prescription: bool | None = None
    reasons: list[ReasonRef] = Field(default_factory=list)


class _Summary(BlendModel):
    """A part of an order read for a list: only its own fields, Blend's others skipped. The full
    models below extend these and keep Blend's other fields again (`KEEP_EXTRA`)."""

    model_config = ConfigDict(extra="ignore")


KEEP_EXTRA = ConfigDict(extra="allow")


class PatientName(_Summary):
    first_name: str = ""
    last_name: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class OrderLineCounts(_Summary):
    """How many lines of each kind (the lines themselves are not read)."""

    prescription: list[Any] = Field(default_factory=list)
    non_prescription: list[Any] = Field(default_factory=list)
    order_material: list[Any] = Field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.prescription) + len(self.non_prescription) + len(self.order_material)


class OrderSummary(_Summary):
    """An order as a list shows it (number, patient's name, status, created, product count, flags):
    what `order_list` returns: a list never shows an `Order`'s nested lines, addresses, shipments
    and kept extra fields, so it does not pay to validate them.
    `Order` extends it, so the rows and the action rules take either."""

    id: str = ""
    order_number: str = ""
    external_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None  # the home page's "paused for more than a day"
    status: str = ""
    status_code: str | None = None
    patient: PatientName | None = None
    products: OrderLineCounts = Field(default_factory=OrderLineCounts)
    priority_requested: bool = False
    cancellation_requested: bool = False
    is_replacement: bool = False
    replacement_request_status: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _understand_older_shapes(cls, data: Any) -> Any:
        return order_data_now(data)

    @property
    def reference(self) -> str:
        """What people call the order: its number, else its id."""
        return self.order_number or self.id


class _IdOnly(_Summary):
    id: str | None = None


class _StateOnly(_Summary):
    state: str = ""


class _ShipmentFacts(_Summary):
    shipped_at: datetime | None = None
    carrier: str | None = None


class _LineFacts(_Summary):
    id: str = ""
    has_prescription: bool | None = None


class _ProductFacts(_Summary):
    prescription: list[_LineFacts] = Field(default_factory=list)
    non_prescription: list[_LineFacts] = Field(default_factory=list)
    order_material: list[_LineFacts] = Field(default_factory=list)


class OrderFacts(OrderSummary):
    """An order as BlendAdmin's order index keeps it: ids, status, flags, times, product ids and the
    shipping facts a filter needs. The patient comes as an id and the address as its state only: no
    names, addresses, birth dates or free text are read into it."""

    patient: _IdOnly | None = None  # type: ignore[assignment]
    products: _ProductFacts = Field(default_factory=_ProductFacts)  # type: ignore[assignment]
    address: _StateOnly | None = None
    shipping: Shipping | None = None
    shipments: list[_ShipmentFacts] = Field(default_factory=list)

    def product_ids(self) -> list[tuple[str, str]]:
        """(kind, product id) of each line, each pair once."""
        pairs = ((kind, line.id) for kind in PRODUCT_KINDS for line in getattr(self.products, kind))
        return list(dict.fromkeys(p for p in pairs if p[1]))

    @property
    def has_unmatched_prescriptions(self) -> bool:
        return any(line.has_prescription is False for line in self.products.prescription)


class OrderProducts(OrderLineCounts):
    model_config = KEEP_EXTRA

    prescription: list[OrderLine] = Field(default_factory=list)
    non_prescription: list[OrderLine] = Field(default_factory=list)
    order_material: list[OrderLine] = Field(default_factory=list)

    def by_kind(self) -> list[tuple[str, list[OrderLine]]]:
        return [(kind, getattr(self, kind)) for kind in PRODUCT_KINDS]


class OrderPatient(PatientName):
    model_config = KEEP_EXTRA

    id: str | None = None
    middle_name: str | None = None
    email: str | None = None
    phone: str | None = None
    date_of_birth: str | None = None
    external_id: str | None = None


class Order(OrderSummary):
    """An order in full: what `order_get` and the actions return (Blend's other fields kept)."""

    model_config = KEEP_EXTRA

    customer_id: str | None = None
    status_name: str | None = None
    patient: OrderPatient | None = None
    address: Address | None = None
    custom_shipping: CustomShipping | None = None
    shipping: Shipping | None = None
    shipments: list[Shipment] = Field(default_factory=list)
    products: OrderProducts = Field(default_factory=OrderProducts)
    prescription_count: int | None = None
    original_order_id: str | None = None
    replacement_order_ids: list[str] = Field(default_factory=list)
    replacement_reason: str | None = None
    replacement_requested: bool | None = None
    replacement_requested_at: datetime | None = None
    replacement_requested_reason: str | None = None
    electronic_prescription_ids: list[str] = Field(default_factory=list)
    is_patient_order: bool | None = None
    rank: float | None = None


class UserRef(BlendModel):
    id: str | None = None
    first_name: str = ""
    last_name: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class StatusHistoryEntry(BlendModel):
    status: str = ""
    status_code: str | None = None
    status_name: str | None = None
    updated_at: datetime | None = None
    updated_by: UserRef | None = None
    duration: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _understand_older_shape(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if not data.get("status"):
            code = data.get("status_code")
            data["status"] = STATUS_CODE_SLUGS.get(code or "") or status_slug(data.get("status_name"))
        else:
            data["status"] = status_slug(data["status"])
        by = data.get("updated_by")
        if isinstance(by, str):
            data["updated_by"] = {
                "id": by,
                "first_name": data.get("updated_by_first_name") or "",
                "last_name": data.get("updated_by_last_name") or "",
            }
        return data


class OrderStatus(BlendModel):
    code: str | None = None
    name: str = ""
    slug: str = ""

    @model_validator(mode="before")
    @classmethod
    def _slug(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("slug"):
            data = dict(data)
            data["slug"] = STATUS_CODE_SLUGS.get(data.get("code") or "") or status_slug(data.get("name"))
        return data


class ServiceLevel(BlendModel):
    code: str = ""
    name: str = ""


class ShippingOption(BlendModel):
    carrier: str | None = None
    name: str = ""
    service_levels: list[ServiceLevel] = Field(default_factory=list)


class Reason(BlendModel):
    id: str = ""
    name: str = ""
    description: str | None = None
    is_global: bool | None = None
    parent_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    subcategories: list[Reason] = Field(default_factory=list)
