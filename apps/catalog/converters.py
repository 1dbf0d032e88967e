"""Path converters of the catalog's URLs: only what a product kind or a Blend id can be."""

from __future__ import annotations

from apps.blend.models.catalog import PRODUCT_KINDS


class ProductKindConverter:
    regex = "|".join(PRODUCT_KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CatalogIdConverter:
    """A Blend id: letters, digits, `-` and `_`, never `.` or `..`."""

    regex = "[0-9A-Za-z][0-9A-Za-z_-]{0,99}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
