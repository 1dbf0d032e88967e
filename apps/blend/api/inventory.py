"""Inventory endpoints (being written)."""

from __future__ import annotations

from apps.blend.api.base import APIBase


class InventoryAPI(APIBase):
    pass
