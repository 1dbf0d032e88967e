"""The one seam for HTTP to Blend: requests, retries, error mapping and logging.

Only GETs are retried (connection errors, 429, 500, 502, 503, 504; at most `max_retries`, exponential
backoff with jitter, Retry-After honoured). A request that writes is sent exactly once.
Every call logs method, path *pattern* (ids replaced), status and elapsed ms: never bodies or queries.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import httpx

from apps.blend.auth import BlendAuth, TokenStore
from apps.blend.errors import (
    BlendConnectionError,
    BlendMalformedResponse,
    BlendNotFound,
    BlendRateLimited,
    BlendTimeout,
    error_class_for_status,
)

logger = logging.getLogger("blendadmin.blend")

# A GET changes nothing, so a 500 (often a passing fault at Blend) is retried like a 502-504.
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 10.0  # a longer Retry-After is not waited for: the error goes to the user


@dataclass(frozen=True)
class BlendResponse:
    status_code: int
    data: Any
    headers: Mapping[str, str]


class BlendHTTP:
    def __init__(
        self,
        *,
        base_url: str,
        email: str,
        password: str,
        transport: httpx.BaseTransport | None = None,
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        max_retries: int = 2,
        backoff: float = 0.25,
        pool_size: int = 20,
        user_agent: str = "blendadmin",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self.backoff = backoff
        self.client = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=pool_size, max_keepalive_connections=pool_size),
            headers={"User-Agent": user_agent, "Accept": "application/json"},
        )
        self.tokens = TokenStore(base_url=self.base_url, email=email, send=self._send_unauthenticated)
        self.auth = BlendAuth(self.tokens, (email, password))
        self.sleep = time.sleep  # replaced in tests

    def close(self) -> None:
        self.client.close()

    def _send_unauthenticated(self, request: httpx.Request) -> httpx.Response:
        return self.client.send(request, auth=None)

    def request(
        self,
        method: str,
        template: str,
        *,
        path: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        content_type: str = "",
    ) -> BlendResponse:
        """Send `method` to `template` (e.g. "/orders/{order_id}") filled from `path`: a `json` body,
        or `content` as it is (an NCPDP SCRIPT XML document) with its `content_type`."""
        values = {k: _path_segment(str(v), method=method, template=template) for k, v in (path or {}).items()}
        url = template.format(**values)  # relative to the client's base_url
        query = {k: _query_value(v) for k, v in (params or {}).items() if v is not None}
        attempts = 1 + (self.max_retries if method == "GET" else 0)
        for attempt in range(1, attempts + 1):
            started = time.perf_counter()
            try:
                body: dict[str, Any] = {"json": json}
                if content is not None:
                    body = {"content": content, "headers": {"Content-Type": content_type}}
                response = self.client.request(method, url, params=query, auth=self.auth, **body)
            except httpx.TimeoutException as exc:
                self._log(method, template, "timeout", started)
                if attempt < attempts and isinstance(exc, httpx.ConnectTimeout):
                    self._pause(attempt, None)
                    continue
                sent = not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
                raise BlendTimeout(method=method, path=template, request_sent=sent) from exc
            except httpx.TransportError as exc:
                self._log(method, template, "connection-error", started)
                if attempt < attempts and isinstance(exc, httpx.ConnectError | httpx.RemoteProtocolError):
                    self._pause(attempt, None)
                    continue
                raise BlendConnectionError(method=method, path=template) from exc
            self._log(method, template, response.status_code, started)
            if response.status_code in RETRY_STATUSES and attempt < attempts:
                retry_after = _retry_after(response)
                if retry_after is None or retry_after <= MAX_RETRY_AFTER:
                    self._pause(attempt, retry_after)
                    continue
            return self._parse(method, template, response)
        raise AssertionError("unreachable")  # pragma: no cover

    def _pause(self, attempt: int, retry_after: float | None) -> None:
        delay = self.backoff * (2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
        self.sleep(max(delay, retry_after or 0.0))

    def _log(self, method: str, template: str, status: object, started: float) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        logger.info("blend %s %s %s %.0fms", method, template, status, elapsed)

    def _parse(self, method: str, template: str, response: httpx.Response) -> BlendResponse:
        data: Any = None
        if response.content:
            try:
                data = response.json()
            except ValueError:
                if response.is_success:
                    raise BlendMalformedResponse(method=method, path=template) from None
                data = None
        if response.is_success:
            return BlendResponse(response.status_code, data, response.headers)
        message, fields = _error_details(data)
        error_class = error_class_for_status(response.status_code)
        kwargs: dict[str, Any] = {
            "status_code": response.status_code,
            "fields": fields,
            "method": method,
            "path": template,
        }
        if error_class is BlendRateLimited:
            kwargs["retry_after"] = _retry_after(response)
        raise error_class(message, **kwargs)


def _path_segment(value: str, *, method: str, template: str) -> str:
    """`value` quoted as one path segment. A value that is empty, `.` or `..` once decoded (however
    often: `%2E%2E`, `%252E`) could name another Blend URL (`/orders/x/products/../pause`), so it is
    refused as an id Blend cannot have: BlendNotFound, which the app shows as its 404 page."""
    decoded, previous = value, None
    while decoded != previous:
        previous, decoded = decoded, unquote(decoded)
    if decoded in {"", ".", ".."}:
        raise BlendNotFound("Not a Blend id.", method=method, path=template)
    return quote(value, safe="")


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set):
        return ",".join(str(v) for v in value)
    return value


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("Retry-After")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None


def _error_details(data: Any) -> tuple[str, dict[str, list[str]]]:
    """Blend's error message and field errors, whichever of the usual keys it used."""
    if not isinstance(data, dict):
        return "", {}
    message = ""
    for key in ("error", "message", "detail"):
        value = data.get(key)
        if isinstance(value, str) and value:
            message = value
            break
    raw_fields = data.get("fields") if isinstance(data.get("fields"), dict) else data.get("errors")
    fields: dict[str, list[str]] = {}
    if isinstance(raw_fields, dict):
        for name, messages in raw_fields.items():
            fields[str(name)] = [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]
    elif isinstance(raw_fields, list):
        fields["__all__"] = [str(m) for m in raw_fields]
    return message, fields
