"""Request, reply, errors and routing for the sandbox's endpoint handlers.

A handler is a plain function `handler(req: SandboxRequest, **path_params) -> Reply`, registered on
the module-level `router` with `@router.route("GET", "/orders/{order_id}")` (paths are relative to
`/api/v1`). It raises `ApiError` for anything Blend would refuse.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apps.sandbox.state import Row, SandboxState, public


@dataclass
class SandboxRequest:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    state: SandboxState
    user: Row | None = None
    token: Row | None = None

    def json_object(self) -> dict[str, Any]:
        """The body, which must be a JSON object (400 otherwise)."""
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise ApiError(400, "Request body must be a JSON object.")
        return self.body

    def query_int(self, name: str, default: int, *, minimum: int = 1, maximum: int | None = None) -> int:
        raw = self.query.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ApiError(400, f"Query parameter '{name}' must be an integer.") from None
        if value < minimum:
            raise ApiError(400, f"Query parameter '{name}' must be at least {minimum}.")
        return min(value, maximum) if maximum else value

    def query_bool(self, name: str, default: bool = False) -> bool:
        raw = self.query.get(name)
        if raw in (None, ""):
            return default
        if raw.lower() in ("true", "1", "yes"):
            return True
        if raw.lower() in ("false", "0", "no"):
            return False
        raise ApiError(400, f"Query parameter '{name}' must be true or false.")


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """An error answer: `{"error": message, "fields": {...}}` (fields only on 422)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.message}
        if self.fields:
            body["fields"] = self.fields
        return body


def invalid(fields: dict[str, list[str]] | dict[str, str], message: str = "Validation failed.") -> ApiError:
    """A 422 naming the fields at fault."""
    normalised = {name: [msg] if isinstance(msg, str) else list(msg) for name, msg in fields.items()}
    return ApiError(422, message, fields=normalised)


def not_found(kind: str) -> ApiError:
    return ApiError(404, f"{kind} not found.")


def ok(body: Any) -> Reply:
    return Reply(200, body)


def created(body: Any) -> Reply:
    return Reply(201, body)


def paginated(req: SandboxRequest, rows: Sequence[Row], *, render: Callable[[Row], Any] = public) -> Reply:
    """One page of `rows` as a bare array, with Blend's X-* pagination headers."""
    items, headers = page_of(req, rows)
    return Reply(200, [render(row) for row in items], headers)


def page_of(req: SandboxRequest, rows: Sequence[Row]) -> tuple[Sequence[Row], dict[str, str]]:
    """The rows of the page the query asks for, and Blend's X-* pagination headers."""
    page = req.query_int("page", 1)
    size_raw = req.query.get("page_size") or req.query.get("per_page") or req.query.get("limit")
    page_size = 25
    if size_raw:
        try:
            page_size = int(size_raw)
        except ValueError:
            raise ApiError(400, "Query parameter 'page_size' must be an integer.") from None
        if page_size < 1:
            raise ApiError(400, "Query parameter 'page_size' must be at least 1.")
        page_size = min(page_size, 200)
    total = len(rows)
    start = (page - 1) * page_size
    items = rows[start : start + page_size]
    headers = {
        "X-Total-Count": str(total),
        "X-Page": str(page),
        "X-Page-Size": str(page_size),
        "X-Total-Pages": str(max(1, math.ceil(total / page_size))),
        "X-Remaining-Count": str(max(0, total - start - len(items))),
    }
    return items, headers


def encode_json(body: Any) -> bytes:
    """A body as the sandbox sends it: compact JSON."""
    return json.dumps(body, separators=(",", ":")).encode()


def json_array(encoded_items: Iterable[bytes]) -> bytes:
    """The same bytes as `encode_json(items)`, from items already encoded one by one."""
    return b"[" + b",".join(encoded_items) + b"]"


# How far the sandbox's clock runs ahead of the wall clock: a test that turns the clock forward
# (`Clock.advance`) moves every later timestamp with it, so histories stay in order.
_ahead = timedelta(0)


def now() -> datetime:
    """The sandbox's time: the wall clock plus whatever its clock was turned forward."""
    return datetime.now(UTC) + _ahead


def set_ahead(seconds: float) -> None:
    global _ahead
    _ahead = timedelta(seconds=seconds)


def iso(moment: datetime) -> str:
    """Blend's timestamp format: ISO 8601 UTC with Z, whole seconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Callable[..., Reply]
    params: int


class Router:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(self, method: str, template: str) -> Callable[[Callable[..., Reply]], Callable[..., Reply]]:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)

        def register(handler: Callable[..., Reply]) -> Callable[..., Reply]:
            self.routes.append(
                Route(method, template, re.compile(f"^{regex}/?$"), handler, template.count("{"))
            )
            # Literal segments win over parameters: /orders/statuses before /orders/{order_id}.
            self.routes.sort(key=lambda r: r.params)
            return handler

        return register

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        path_known = False
        for route in self.routes:
            found = route.pattern.match(path)
            if found:
                path_known = True
                if route.method == method:
                    return route, found.groupdict()
        if path_known:
            raise ApiError(405, f"Method {method} not allowed here.")
        raise ApiError(404, "No such endpoint.")


router = Router()
