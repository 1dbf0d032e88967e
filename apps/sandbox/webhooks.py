"""Webhook deliveries (Blend -> the subscriber's URL), on a background thread.

Only loopback URLs (`localhost`, `127.0.0.1`, `::1`) are ever contacted, so a test or a developer can
receive deliveries while the sandbox never calls out to the internet; any other URL is recorded as
skipped. Each delivery is a `POST` of `{"event_code", "data"}` with `Content-Type: application/json`
and `Authorization: Bearer <secret>` once a secret was generated. A non-2xx answer, a timeout or a
connection error is retried: 5 attempts at most, waiting 1, 2, 4, 8 s times `DELAY_SCALE` between them.

`emit(state, event_code, data)` is what handlers call when something happens (an order is created,
ships...): it delivers to every active webhook subscription that wants the event.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
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


@dataclass
class Delivery:
    url: str
    event_code: str
    body: dict[str, Any]
    headers: dict[str, str]
    attempts: list[int | str] = field(default_factory=list)  # status codes or error names
    outcome: str = "pending"  # pending | delivered | failed | skipped
    done: threading.Event = field(default_factory=threading.Event, repr=False)


log: deque[Delivery] = deque(maxlen=200)  # the latest deliveries, newest last


def is_loopback(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() in LOOPBACK_HOSTS


def secret(state: SandboxState) -> str | None:
    row = state.settings.get("webhook_secret")
    return row.get("secret") if row else None


def deliver(url: str, event_code: str, data: dict[str, Any], *, secret: str | None = None) -> Delivery:
    """Start delivering one event to `url` (returns at once; `delivery.done` is set when finished)."""
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
    threading.Thread(target=_run, args=(delivery,), name="sandbox-webhook", daemon=True).start()
    return delivery


def _run(delivery: Delivery) -> None:
    try:
        with httpx.Client(timeout=TIMEOUT_SECONDS, trust_env=False) as client:
            for attempt in range(len(RETRY_DELAYS) + 1):
                if attempt:
                    time.sleep(RETRY_DELAYS[attempt - 1] * DELAY_SCALE)
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
    except Exception:  # never let a delivery thread die noisily
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
