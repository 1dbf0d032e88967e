"""Search: everything at once, or one kind of record. Results come best first, each with `rank`."""

from __future__ import annotations

from apps.blend.api.base import APIBase
from apps.blend.models.orders import Order
from apps.blend.models.patients import Patient
from apps.blend.models.prescribers import Prescriber
from apps.blend.models.search import SearchHit, SearchProduct, parse_hits
from apps.blend.models.tasks import Task

MAX_LIMIT = 100


def _params(q: str, limit: int) -> dict[str, object]:
    """`q` as typed (wrap a phrase in double quotes for an exact match); `limit` 1..100."""
    return {"q": q, "limit": max(1, min(limit, MAX_LIMIT))}


class SearchAPI(APIBase):
    def search_all(self, *, q: str, limit: int = 50) -> list[SearchHit]:
        return parse_hits(self._data("GET", "/search", params=_params(q, limit)))

    def search_patients(self, *, q: str, limit: int = 50) -> list[Patient]:
        """Name, email, phone, id, or date of birth (MM/DD/YYYY, YYYYMMDD or YYYY-MM-DD)."""
        return self._many(Patient, "GET", "/search/patients", params=_params(q, limit))

    def search_orders(self, *, q: str, limit: int = 50) -> list[Order]:
        return self._many(Order, "GET", "/search/orders", params=_params(q, limit))

    def search_prescribers(self, *, q: str, limit: int = 50) -> list[Prescriber]:
        return self._many(Prescriber, "GET", "/search/prescribers", params=_params(q, limit))

    def search_products(self, *, q: str, limit: int = 50) -> list[SearchProduct]:
        return self._many(SearchProduct, "GET", "/search/products", params=_params(q, limit))

    def search_tasks(self, *, q: str, limit: int = 50) -> list[Task]:
        return self._many(Task, "GET", "/search/tasks", params=_params(q, limit))
