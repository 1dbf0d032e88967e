"""Fixtures for the events area: a webhook secret BlendAdmin holds, a way to deliver an event as Blend
does, and an order of the sandbox's to send events about."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from apps.events.secrets import webhook_secret_save

SECRET = "whsec_test-secret-0123456789"
URL = "/webhooks/blend/"


@pytest.fixture
def webhook_secret(db) -> str:
    webhook_secret_save(SECRET)
    return SECRET


def deliver(body: Any, *, secret: str | None = SECRET, client: Client | None = None, **headers: str):
    """POST an event as Blend does (`body` as JSON unless it is already bytes)."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    if secret is not None:
        headers.setdefault("Authorization", f"Bearer {secret}")
    return (client or Client()).post(URL, raw, content_type="application/json", headers=headers)


def order_event(
    order: dict, *, code: str = "order.status_changed", updated_at: str = "", **data: Any
) -> dict:
    """An order event shaped as Blend's `order.created` example, about the sandbox order `order`."""
    return {
        "event_code": code,
        "data": {
            "id": order["id"],
            "created_at": order["created_at"].rstrip("Z"),
            "updated_at": updated_at or order["updated_at"].rstrip("Z"),
            "url": f"https://app.byblend.com/orders/{order['id']}",
            "order_number": order["order_number"],
            "first_name": "Rodrigo",
            "last_name": "Davis",
            "status_code": "N01",
            "status_name": "Received",
            **data,
        },
    }


@pytest.fixture
def an_order(sandbox) -> dict:
    """A sandbox order (its row), with an update time to compare events with."""
    return next(row for row in sandbox.state.orders.rows() if row.get("updated_at"))


def set_order(sandbox, order_id: str, **changes: Any) -> None:
    """Change an order at Blend (the sandbox), as Blend's own work would."""
    sandbox.state.orders.edit(order_id).update(changes)
