"""Products and materials (three kinds) and formulas.

Blend mixes timestamp styles (`...Z`, naive, naive with microseconds): `UtcDatetime` reads them all and
treats naive ones as UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from apps.blend.models.base import BlendModel

PRODUCT_KINDS = ("prescription", "non_prescription", "order_material")
KIND_LABELS = {
    "prescription": "Prescription product",
    "non_prescription": "Non-prescription product",
    "order_material": "Order material",
}
KIND_HEADINGS = {kind: f"{label}s" for kind, label in KIND_LABELS.items()}  # "Prescription products"


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class Product(BlendModel):
    """A product of any kind; fields a kind does not have stay None. `kind` is set by the client."""

    id: str = ""
    kind: str | None = None
    created_at: UtcDatetime | None = None
    updated_at: UtcDatetime | None = None
    sku: str | None = None
    name: str = ""
    description: str | None = None
    category: str | None = None
    current_stock: int | None = None
    reorder_threshold: int | None = None
    has_inventory: bool | None = None
    # prescription
    product_code: str | None = None
    strength: str | None = None
    formula_id: int | str | None = None
    is_controlled_substance: bool | None = None
    label_orientation: str | None = None
    # prescription and non-prescription
    form: str | None = None
    is_active: bool | None = None
    price: float | None = None
    unit_count: int | None = None
    unit_type: str | None = None
    # order material
    is_global: bool | None = None

    @property
    def kind_label(self) -> str:
        """ "Non-prescription product" for `non_prescription` (the kind as Blend names it otherwise)."""
        return KIND_LABELS.get(self.kind or "", self.kind or "")

    @property
    def needs_reorder(self) -> bool:
        """Stock at or under the reorder threshold (only when both are known and a threshold is set)."""
        if self.current_stock is None or not self.reorder_threshold:
            return False
        return self.current_stock <= self.reorder_threshold


class ProductCatalog(BlendModel):
    """`GET /products`: every product, by kind."""

    prescription: list[Product] = Field(default_factory=list)
    non_prescription: list[Product] = Field(default_factory=list)
    order_material: list[Product] = Field(default_factory=list)

    def by_kind(self) -> list[tuple[str, list[Product]]]:
        return [(kind, getattr(self, kind)) for kind in PRODUCT_KINDS]

    @property
    def count(self) -> int:
        return sum(len(products) for _, products in self.by_kind())


class Formula(BlendModel):
    id: str = ""
    name: str = ""
    description: str | None = None
    allergen_snomeds: list[str] = Field(default_factory=list)
    allergen_scdgs: list[str] = Field(default_factory=list)
    medication_scdgs: list[str] = Field(default_factory=list)
    created_at: UtcDatetime | None = None
    updated_at: UtcDatetime | None = None
