"""Inventory lots, a product's inventory, quantity adjustments and lot-product associations."""

from __future__ import annotations

from typing import Any

from apps.blend.api.base import APIBase
from apps.blend.api.catalog import check_kind
from apps.blend.models.inventory import Associations, Inventory, Lot

LOT = "/products/inventory/{lot_id}"


class InventoryAPI(APIBase):
    def inventory_list(self) -> Inventory:
        return self._one(Inventory, "GET", "/products/inventory")

    def inventory_lot_create(
        self,
        *,
        lot: dict[str, Any],
        product_type: str | None = None,
        product_id: str | None = None,
        units_per_product: int | None = None,
    ) -> Lot:
        """A new lot, linked to one product when `product_type` and `product_id` are given."""
        body = dict(lot)
        if product_type is not None:
            body["product_type"] = check_kind(product_type)
            body["product_id"] = product_id
        if units_per_product is not None:
            body["units_per_product"] = units_per_product
        return self._one(Lot, "POST", "/products/inventory", json=body)

    def inventory_lot_get(self, *, lot_id: str) -> Lot:
        return self._one(Lot, "GET", LOT, path={"lot_id": lot_id})

    def inventory_lot_update(self, *, lot_id: str, changes: dict[str, Any]) -> Lot:
        return self._one(Lot, "PUT", LOT, path={"lot_id": lot_id}, json=changes)

    def inventory_adjust(self, *, lot_id: str, additional_quantity: int) -> Lot:
        """Add `additional_quantity` (negative to remove) to the lot's current quantity."""
        body = {"additional_quantity": additional_quantity}
        return self._one(Lot, "PATCH", LOT + "/quantity", path={"lot_id": lot_id}, json=body)

    def product_inventory(self, *, kind: str, product_id: str) -> list[Lot]:
        """The lots feeding one product (Blend sends them without lot ids)."""
        path = {"kind": check_kind(kind), "product_id": product_id}
        return self._many(Lot, "GET", "/products/{kind}/{product_id}/inventory", path=path)

    def product_inventory_create(self, *, kind: str, product_id: str, lot: dict[str, Any]) -> Lot:
        path = {"kind": check_kind(kind), "product_id": product_id}
        return self._one(Lot, "POST", "/products/{kind}/{product_id}/inventory", path=path, json=lot)

    def inventory_associations(self, *, lot_id: str) -> Associations:
        return self._one(Associations, "GET", LOT + "/associations", path={"lot_id": lot_id})

    def inventory_association_create(
        self, *, lot_id: str, product_type: str, product_id: str, units_per_product: int = 1
    ) -> Associations:
        body = {
            "product_type": check_kind(product_type),
            "product_id": product_id,
            "units_per_product": units_per_product,
        }
        return self._one(Associations, "POST", LOT + "/associations", path={"lot_id": lot_id}, json=body)

    def inventory_association_remove(
        self, *, lot_id: str, product_type: str, product_id: str
    ) -> Associations:
        path = {"lot_id": lot_id, "product_type": check_kind(product_type), "product_id": product_id}
        return self._one(Associations, "DELETE", LOT + "/associations/{product_type}/{product_id}", path=path)
