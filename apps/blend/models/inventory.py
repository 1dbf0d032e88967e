"""Inventory lots, their associations with products, and barcodes."""

from __future__ import annotations

from pydantic import Field

from apps.blend.models.base import BlendModel
from apps.blend.models.catalog import PRODUCT_KINDS, UtcDatetime


class Association(BlendModel):
    """A product a lot feeds: `units_per_product` lot units are used per unit of the product."""

    product_id: str = ""
    name: str = ""
    customer: str | None = None
    customer_id: str | None = None
    units_per_product: int | None = None


class Associations(BlendModel):
    prescription: list[Association] = Field(default_factory=list)
    non_prescription: list[Association] = Field(default_factory=list)
    order_material: list[Association] = Field(default_factory=list)

    def by_kind(self) -> list[tuple[str, list[Association]]]:
        return [(kind, getattr(self, kind)) for kind in PRODUCT_KINDS]

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.by_kind())

    def find(self, product_type: str, product_id: str) -> Association | None:
        return next((a for a in getattr(self, product_type, []) if a.product_id == product_id), None)


class Lot(BlendModel):
    """An inventory lot. `id`, timestamps and `associations` come only on lot detail, the inventory
    list and the adjust answer; `units_per_product` only on a product's own inventory list."""

    id: str | None = None
    created_at: UtcDatetime | None = None
    updated_at: UtcDatetime | None = None
    batch_number: str | None = None
    manufacturer: str | None = None
    mpn: str | None = None
    upc: str | None = None
    type: str | None = None
    unit_type: str | None = None
    initial_quantity: int | None = None
    current_quantity: int | None = None
    cost_per_unit: float | None = None
    expiration_date: UtcDatetime | None = None
    received_date: UtcDatetime | None = None
    is_active: bool | None = None
    notes: str | None = None
    units_per_product: int | None = None
    associations: Associations | None = None


class Inventory(BlendModel):
    """`GET /products/inventory`: every lot, by the kind of product it is for."""

    prescription: list[Lot] = Field(default_factory=list)
    non_prescription: list[Lot] = Field(default_factory=list)
    order_material: list[Lot] = Field(default_factory=list)

    def by_kind(self) -> list[tuple[str, list[Lot]]]:
        return [(kind, getattr(self, kind)) for kind in PRODUCT_KINDS]

    @property
    def lots(self) -> list[Lot]:
        return [lot for _, lots in self.by_kind() for lot in lots]


BARCODE_ENTITY_TYPES = (
    "user",
    "order",
    "patient",
    "prescription",
    "prescription_product",
    "non_prescription_product",
    "order_material",
    "inventory",
)


class Barcode(BlendModel):
    id: str = ""
    barcode_value: str = ""
    entity_type: str = ""
    entity_id: str = ""
    created_at: UtcDatetime | None = None
    expires_at: UtcDatetime | None = None
    image: str | None = None  # data:image/png;base64,...
    is_active: bool | None = None
