"""What every endpoint group shares: typed one/many/page calls and the reference-list cache."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.cache import cache

from apps.blend.http import BlendHTTP
from apps.blend.models.base import BlendModel, parse, parse_list
from apps.blend.pagination import Page

M = TypeVar("M", bound=BlendModel)
T = TypeVar("T")


class APIBase:
    def __init__(self, http: BlendHTTP, *, reference_ttl: int = 3600) -> None:
        self._http = http
        self._reference_ttl = reference_ttl

    def _one(self, model: type[M], method: str, template: str, **kwargs: Any) -> M:
        return parse(model, self._http.request(method, template, **kwargs).data)

    def _many(self, model: type[M], method: str, template: str, **kwargs: Any) -> list[M]:
        return parse_list(model, self._http.request(method, template, **kwargs).data)

    def _data(self, method: str, template: str, **kwargs: Any) -> Any:
        return self._http.request(method, template, **kwargs).data

    def _page(
        self,
        model: type[M],
        template: str,
        *,
        page: int,
        page_size: int,
        params: Mapping[str, Any] | None = None,
        path: Mapping[str, str] | None = None,
    ) -> Page[M]:
        query = {**(params or {}), "page": page, "page_size": page_size}
        response = self._http.request("GET", template, params=query, path=path)
        return Page.from_headers(
            parse_list(model, response.data), response.headers, page=page, page_size=page_size
        )

    def _reference(self, name: str, load: Callable[[], T]) -> T:
        """A rarely-changing list, cached for BLEND_REFERENCE_TTL seconds in the shared cache."""
        key = f"blend:ref:{self._http.tokens.key}:{name}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        value = load()
        cache.set(key, value, self._reference_ttl)
        return value
