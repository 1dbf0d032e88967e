"""The product-kind path converter (ids use the shared `blend_id`, apps/core/converters.py)."""

from __future__ import annotations

from apps.blend.models.catalog import PRODUCT_KINDS


class ProductKindConverter:
    regex = "|".join(PRODUCT_KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
