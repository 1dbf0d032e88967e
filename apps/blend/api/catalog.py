"""Products and materials (prescription, non-prescription, order material) and formulas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from apps.blend.api.base import APIBase
from apps.blend.models.catalog import PRODUCT_KINDS, Formula, Product, ProductCatalog
from apps.blend.pagination import Page


def check_kind(kind: str) -> str:
    """`kind` if it is one of the three product kinds (ValueError otherwise: never a free path part)."""
    if kind not in PRODUCT_KINDS:
        raise ValueError(f"Unknown product kind {kind!r}; expected one of {', '.join(PRODUCT_KINDS)}")
    return kind


def _with_kind(product: Product, kind: str) -> Product:
    product.kind = kind
    return product


class CatalogAPI(APIBase):
    def product_catalog(self) -> ProductCatalog:
        catalog = self._one(ProductCatalog, "GET", "/products")
        for kind, products in catalog.by_kind():
            for product in products:
                product.kind = kind
        return catalog

    def product_list(self, *, kind: str, page: int = 1, page_size: int = 25) -> Page[Product]:
        result = self._page(
            Product, "/products/{kind}", page=page, page_size=page_size, path={"kind": check_kind(kind)}
        )
        for product in result.items:
            product.kind = kind
        return result

    def product_create(self, *, kind: str, product: dict[str, Any]) -> Product:
        created = self._one(
            Product, "POST", "/products/{kind}", path={"kind": check_kind(kind)}, json=product
        )
        return _with_kind(created, kind)

    def product_update(self, *, kind: str, product_id: str, changes: dict[str, Any]) -> Product:
        updated = self._one(
            Product,
            "PUT",
            "/products/{kind}/{product_id}",
            path={"kind": check_kind(kind), "product_id": product_id},
            json=changes,
        )
        return _with_kind(updated, kind)

    def formula_create(
        self,
        *,
        name: str,
        description: str = "",
        allergen_snomeds: Sequence[str] = (),
        allergen_scdgs: Sequence[str] = (),
        medication_scdgs: Sequence[str] = (),
    ) -> Formula:
        body = {
            "name": name,
            "description": description,
            "allergen_snomeds": list(allergen_snomeds),
            "allergen_scdgs": list(allergen_scdgs),
            "medication_scdgs": list(medication_scdgs),
        }
        return self._one(Formula, "POST", "/products/formulas", json=body)
