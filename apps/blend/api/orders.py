"""Orders, order actions, products on orders, statuses, shipping options and compounding reasons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.cache import cache

from apps.blend.api.base import APIBase
from apps.blend.models import (
    Order,
    OrderFacts,
    OrderStatus,
    OrderSummary,
    Reason,
    ShippingOption,
    StatusHistoryEntry,
)
from apps.blend.pagination import Page

ORDER = "/orders/{order_id}"


class OrdersAPI(APIBase):
    def order_list(
        self,
        *,
        page: int = 1,
        page_size: int = 25,
        statuses: Sequence[str] = (),
        has_unmatched_prescriptions: bool | None = None,
    ) -> Page[OrderSummary]:
        """A page of orders as a list shows them (`OrderSummary`); `order_get` reads one in full."""
        params = {
            "status": list(statuses) or None,
            "has_unmatched_prescriptions": has_unmatched_prescriptions,
        }
        return self._page(OrderSummary, "/orders", page=page, page_size=page_size, params=params)

    def order_facts_page(self, *, page: int = 1, page_size: int = 200) -> Page[OrderFacts]:
        """A page of every order, newest first, read as the order index keeps it (`OrderFacts`)."""
        return self._page(OrderFacts, "/orders", page=page, page_size=page_size)

    def order_facts_get(self, *, order_id: str) -> OrderFacts:
        return self._one(OrderFacts, "GET", ORDER, path={"order_id": order_id})

    def order_get(self, *, order_id: str) -> Order:
        return self._one(Order, "GET", ORDER, path={"order_id": order_id})

    def order_create(self, *, order: dict[str, Any], force_new: bool = False) -> Order:
        return self._one(Order, "POST", "/orders", json=order, params={"force_new": force_new or None})

    def order_update(self, *, order_id: str, changes: dict[str, Any], update_patient: bool = False) -> Order:
        params = {"update_patient": True if update_patient else None}
        return self._one(Order, "PUT", ORDER, path={"order_id": order_id}, json=changes, params=params)

    def order_status_history(self, *, order_id: str) -> list[StatusHistoryEntry]:
        return self._many(StatusHistoryEntry, "GET", ORDER + "/status_history", path={"order_id": order_id})

    def order_pause(self, *, order_id: str) -> Order:
        return self._one(Order, "PUT", ORDER + "/pause", path={"order_id": order_id})

    def order_unpause(self, *, order_id: str) -> Order:
        return self._one(Order, "PUT", ORDER + "/unpause", path={"order_id": order_id})

    def order_cancel(self, *, order_id: str) -> Order:
        return self._one(Order, "PUT", ORDER + "/cancel", path={"order_id": order_id})

    def order_prioritize(self, *, order_id: str) -> Order:
        return self._one(Order, "PUT", ORDER + "/prioritize", path={"order_id": order_id})

    def order_request_cancellation(self, *, order_id: str, comments: str = "") -> Order:
        body = {"comments": comments} if comments else {}
        return self._one(
            Order, "POST", ORDER + "/request_cancellation", path={"order_id": order_id}, json=body
        )

    def order_replace(self, *, order_id: str, reason: str) -> Order:
        return self._one(
            Order, "POST", ORDER + "/replace", path={"order_id": order_id}, json={"reason": reason}
        )

    def order_products_add(
        self,
        *,
        order_id: str,
        prescription: Sequence[dict[str, Any]] = (),
        non_prescription: Sequence[dict[str, Any]] = (),
        order_material: Sequence[dict[str, Any]] = (),
    ) -> Order:
        body = {
            "prescription": list(prescription),
            "non_prescription": list(non_prescription),
            "order_material": list(order_material),
        }
        return self._one(Order, "POST", ORDER + "/products", path={"order_id": order_id}, json=body)

    def order_product_remove(
        self, *, order_id: str, product_type: str, product_id: str, order_item_id: str | None = None
    ) -> str:
        data = self._data(
            "DELETE",
            ORDER + "/products/{product_type}/{product_id}",
            path={"order_id": order_id, "product_type": product_type, "product_id": product_id},
            params={"order_item_id": order_item_id},
        )
        return str((data or {}).get("message", "")) if isinstance(data, dict) else ""

    def order_product_set_quantity(
        self,
        *,
        order_id: str,
        product_type: str,
        product_id: str,
        quantity: int,
        order_item_id: str | None = None,
    ) -> Order:
        return self._one(
            Order,
            "PATCH",
            ORDER + "/products/{product_type}/{product_id}",
            path={"order_id": order_id, "product_type": product_type, "product_id": product_id},
            params={"order_item_id": order_item_id},
            json={"quantity": quantity},
        )

    def order_statuses(self) -> list[OrderStatus]:
        return self._reference("order_statuses", lambda: self._many(OrderStatus, "GET", "/orders/statuses"))

    def shipping_options(self) -> list[ShippingOption]:
        return self._reference(
            "shipping_options", lambda: self._many(ShippingOption, "GET", "/orders/shipping_options")
        )

    def reason_list(self, *, type: str | None = None) -> list[Reason]:
        return self._reference(
            f"reasons:{type or 'all'}", lambda: self._many(Reason, "GET", "/reasons", params={"type": type})
        )

    def reason_create(self, *, name: str, description: str = "", parent_id: str | None = None) -> Reason:
        body = {"name": name, "description": description, "parent_id": parent_id}
        try:
            return self._one(
                Reason, "POST", "/reasons", json={k: v for k, v in body.items() if v is not None}
            )
        finally:
            self._forget_reasons()

    def reason_update(self, *, reason_id: str, changes: dict[str, Any]) -> Reason:
        try:
            return self._one(
                Reason, "PUT", "/reasons/{reason_id}", path={"reason_id": reason_id}, json=changes
            )
        finally:
            self._forget_reasons()

    def _forget_reasons(self) -> None:
        """Drop the cached reason lists so the next read shows the change. Also after a failed write:
        a write that timed out may have reached Blend."""
        prefix = f"blend:ref:{self._http.tokens.key}:reasons"
        cache.delete_many([f"{prefix}:{kind}" for kind in ("all", "global", "customer")])
