"""Search results: each item is the entity's own shape plus `rank` (0..1); search-all items also
carry `result_type`, which picks the model (`SearchHit.item`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import model_validator

from apps.blend.models.base import BlendModel, parse, parse_list
from apps.blend.models.catalog import PRODUCT_KINDS, Product
from apps.blend.models.orders import Order
from apps.blend.models.patients import Patient
from apps.blend.models.prescribers import Prescriber
from apps.blend.models.tasks import Task


class SearchProduct(Product):
    """A product as search returns it: product search puts its kind in `result_type`; search-all
    puts `product` there and (sandbox addition, may be absent) the kind in `product_type`."""

    rank: float | None = None
    result_type: str | None = None
    product_type: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _kind(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("kind"):
            kind = next(
                (data.get(k) for k in ("product_type", "result_type") if data.get(k) in PRODUCT_KINDS), None
            )
            if kind:
                data = {**data, "kind": kind}
        return data


RESULT_MODELS: dict[str, type[BlendModel]] = {
    "order": Order,
    "patient": Patient,
    "prescriber": Prescriber,
    "product": SearchProduct,
    "task": Task,
    **dict.fromkeys(PRODUCT_KINDS, SearchProduct),
}


@dataclass(frozen=True)
class SearchHit:
    """One search-all result: its type, its rank and the entity as its own model."""

    result_type: str
    rank: float
    item: BlendModel


def parse_hits(data: Any) -> list[SearchHit]:
    hits = []
    for raw in parse_list(BlendModel, data):
        result_type = str(raw.get("result_type") or "")
        item = parse(RESULT_MODELS.get(result_type, BlendModel), raw.model_dump())
        try:
            rank = float(raw.get("rank") or 0.0)
        except (TypeError, ValueError):
            rank = 0.0
        hits.append(SearchHit(result_type, rank, item))
    return hits
