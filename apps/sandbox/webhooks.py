"""Webhook deliveries (Blend -> the subscriber's URL), as catalog-reports-notifications.md §6 has them.

Each delivery is a `POST` of `{"event_code", "data"}` with `Content-Type: application/json` and
`Authorization: Bearer <secret>` once a secret was generated. A non-2xx answer, a timeout (10 s) or
a connection error is retried: 5 attempts at most, waiting 1, 2, 4, 8 s times `DELAY_SCALE` between
them; then the delivery is given up (`outcome == "failed"`, logged).

Only loopback URLs (`localhost`, `127.0.0.1`, `::1`) are contacted, so a developer can receive
deliveries while the sandbox never calls out to the internet; any other URL is recorded as skipped.
Tests deliver in-process instead of over HTTP: `TRANSPORT` (an httpx transport, e.g. onto Django's
test client) carries the deliveries, and `INLINE` sends them in the calling thread.

`emit(state, event_code, data)` is what the sandbox calls when something happens (an order is
created, moves, ships...): it delivers to every active webhook subscription that wants the event.
Inside `batch()` (every sandbox request and every turn of its clock) the deliveries start when the
batch ends, after the sandbox's lock is released and the change is complete, so a receiver that
reads the order back at once sees it changed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from apps.sandbox.state import SandboxState

logger = logging.getLogger("blendadmin.sandbox.webhooks")

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0)  # between the 5 attempts
DELAY_SCALE = 1.0  # tests shrink the waits
TIMEOUT_SECONDS = 10.0
INLINE = False  # tests: deliver in the calling thread (when the batch ends), not on a thread of its own
TRANSPORT: httpx.BaseTransport | None = None  # tests: carry deliveries in-process instead of HTTP
SLEEP: Callable[[float], None] = time.sleep


@dataclass
class Delivery:
    url: str
    event_code: str
    body: dict[str, Any]
    headers: dict[str, str]
    attempts: list[int | str] = field(default_factory=list)  # status codes or error names
    delays: list[float] = field(default_factory=list)  # seconds waited before each retry
    outcome: str = "pending"  # pending | delivered | failed | skipped
    done: threading.Event = field(default_factory=threading.Event, repr=False)


log: deque[Delivery] = deque(maxlen=500)  # the latest deliveries, newest last
_local = threading.local()  # `queue`: deliveries of the open batch in this thread


def is_loopback(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() in LOOPBACK_HOSTS


def secret(state: SandboxState) -> str | None:
    row = state.settings.get("webhook_secret")
    return row.get("secret") if row else None


def deliver(url: str, event_code: str, data: dict[str, Any], *, secret: str | None = None) -> Delivery:
    """Deliver one event to `url`: at once on a thread of its own (`delivery.done` is set when
    finished), or when the open `batch()` ends."""
    headers = {"Content-Type": "application/json", "User-Agent": "Blend-Sandbox-Webhooks"}
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    body = json.loads(json.dumps({"event_code": event_code, "data": data}))  # detached from any row
    delivery = Delivery(url, event_code, body, headers)
    log.append(delivery)
    if not is_loopback(url):
        delivery.outcome = "skipped"
        delivery.done.set()
        return delivery
    queue = getattr(_local, "queue", None)
    if queue is not None:
        queue.append(delivery)
    else:
        _start(delivery)
    return delivery


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Hold the deliveries emitted inside until the block ends (nested blocks join the outer one)."""
    if getattr(_local, "queue", None) is not None:
        yield
        return
    _local.queue = []
    try:
        yield
    finally:
        queue, _local.queue = _local.queue, None
        for delivery in queue:
            _start(delivery)


def _start(delivery: Delivery) -> None:
    if INLINE:
        _run(delivery)
    else:
        threading.Thread(target=_run, args=(delivery,), name="sandbox-webhook", daemon=True).start()


_pooled: list[tuple[httpx.BaseTransport, httpx.Client]] = []  # in-process deliveries' client


def _client() -> contextlib.AbstractContextManager[httpx.Client]:
    """A client for one delivery: over HTTP a fresh one, closed after it (deliveries are few and
    spread out); in-process (a test's TRANSPORT) one kept for every delivery, made again when a test
    swaps the transport."""
    if TRANSPORT is None:
        return httpx.Client(timeout=TIMEOUT_SECONDS, trust_env=False)
    if not _pooled or _pooled[0][0] is not TRANSPORT:
        _pooled[:] = [
            (TRANSPORT, httpx.Client(timeout=TIMEOUT_SECONDS, trust_env=False, transport=TRANSPORT))
        ]
    return contextlib.nullcontext(_pooled[0][1])


def _run(delivery: Delivery) -> None:
    try:
        with _client() as client:
            for attempt in range(len(RETRY_DELAYS) + 1):
                if attempt:
                    delay = RETRY_DELAYS[attempt - 1] * DELAY_SCALE
                    delivery.delays.append(delay)
                    SLEEP(delay)
                try:
                    response = client.post(delivery.url, json=delivery.body, headers=delivery.headers)
                except httpx.HTTPError as exc:
                    delivery.attempts.append(type(exc).__name__)
                    continue
                delivery.attempts.append(response.status_code)
                if response.is_success:
                    delivery.outcome = "delivered"
                    return
        delivery.outcome = "failed"
        logger.info(
            "sandbox webhook %s to %s failed after %d attempts",
            delivery.event_code,
            delivery.url,
            len(delivery.attempts),
        )
    except Exception:  # never let a delivery die noisily
        delivery.outcome = "failed"
        logger.exception("sandbox webhook delivery crashed")
    finally:
        delivery.done.set()


def wants(subscription: dict[str, Any], event_code: str) -> bool:
    codes = {item.get("event_code", "").lower() for item in subscription.get("subscriptions") or []}
    return "all" in codes or event_code.lower() in codes


def emit(state: SandboxState, event_code: str, data: dict[str, Any]) -> list[Delivery]:
    """Deliver `event_code` to every active webhook subscription that wants it."""
    token = secret(state)
    return [
        deliver(row["url"], event_code, data, secret=token)
        for row in list(state.subscriptions.rows())
        if row.get("type") == "webhook"
        and row.get("is_active", True)
        and row.get("url")
        and wants(row, event_code)
    ]
