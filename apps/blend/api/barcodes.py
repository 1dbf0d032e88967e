"""Barcodes for users, orders, patients, prescriptions, products and inventory lots."""

from __future__ import annotations

from apps.blend.api.base import APIBase
from apps.blend.models.inventory import BARCODE_ENTITY_TYPES, Barcode

ENTITY = "/barcodes/{entity_type}/{entity_id}"


def _check_entity_type(entity_type: str) -> str:
    if entity_type not in BARCODE_ENTITY_TYPES:
        raise ValueError(f"Unknown barcode entity type {entity_type!r}")
    return entity_type


class BarcodesAPI(APIBase):
    def barcode_create(self, *, entity_type: str, entity_id: str) -> Barcode:
        path = {"entity_type": _check_entity_type(entity_type), "entity_id": entity_id}
        return self._one(Barcode, "POST", ENTITY, path=path)

    def barcode_list(
        self, *, entity_type: str, entity_id: str, is_active: bool = True, include_images: bool = True
    ) -> list[Barcode]:
        path = {"entity_type": _check_entity_type(entity_type), "entity_id": entity_id}
        params = {"is_active": is_active, "include_images": include_images}
        return self._many(Barcode, "GET", ENTITY, path=path, params=params)

    def barcode_verify(self, *, barcode_value: str) -> Barcode:
        """The barcode, if it is known, active and not expired (BlendNotFound otherwise)."""
        return self._one(Barcode, "POST", "/barcodes/verify", json={"barcode_value": barcode_value})
