"""Notification event types, webhook subscriptions, the webhook secret, sample payloads, e-mail
subscriptions and the deprecated generic subscriptions. Everything acts on the token's user.

Choices where the docs are silent: `event_codes` may be nested one level (the docs' examples) and is
flattened; codes are matched case-insensitively, `all` stands alone (it is stored as one `all` entry);
an unknown code or an empty list -> 422. Webhook URLs must be `https`, except `http://localhost` and
`http://127.0.0.1` -> 422 otherwise. Deleting a webhook removes it (`{"id", "deleted": true}`); the
deprecated DELETE only deactivates. `payload_preview` is the body a delivery would POST:
`{"event_code", "data"}`. Sending a sample without `webhook_url` goes to every active webhook
subscription (422 when there is none). Sandbox deliveries reach loopback URLs only (see webhooks.py).
The e-mail subscription lives in the settings row `email_subscriptions`; the webhook secret in
`webhook_secret` (a new one replaces the old).
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from apps.sandbox import webhooks
from apps.sandbox.http import SandboxRequest, created, invalid, iso, new_id, not_found, now, ok, router
from apps.sandbox.reference import NOTIFICATION_EVENT_TYPES
from apps.sandbox.state import Row, public

EVENT_TYPES = [event for event in NOTIFICATION_EVENT_TYPES if event["event_code"] != "all"]
ALL_EVENTS = next(event for event in NOTIFICATION_EVENT_TYPES if event["event_code"] == "all")
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
SUBSCRIPTION_TYPES = ("webhook", "email", "sms")


def _event(code: str) -> dict[str, str] | None:
    return next((e for e in EVENT_TYPES if e["event_code"].lower() == code.lower()), None)


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [item for part in value for item in _flatten(part)]
    return [value]


def event_entries(raw: Any, field: str = "event_codes") -> list[dict[str, str]]:
    """`["order.shipped", ...]` (or nested, or `all`) -> subscription entries; 422 when wrong."""
    if not isinstance(raw, list):
        raise invalid({field: "This field is required: a list of event codes."})
    codes = _flatten(raw)
    if not codes:
        raise invalid({field: "Give at least one event code."})
    if not all(isinstance(code, str) for code in codes):
        raise invalid({field: "Event codes must be strings."})
    if any(code.strip().lower() == "all" for code in codes):
        return [dict(ALL_EVENTS)]
    unknown = [code for code in codes if _event(code.strip()) is None]
    if unknown:
        raise invalid({field: f"Unknown event code(s): {', '.join(unknown)}."})
    entries: list[dict[str, str]] = []
    for code in codes:
        event = _event(code.strip()) or {}
        if event not in entries:
            entries.append(
                {
                    "name": event["name"],
                    "description": event["description"],
                    "event_code": event["event_code"],
                }
            )
    return entries


def check_url(raw: Any, field: str = "url") -> str:
    """An https URL, or http on localhost / 127.0.0.1 (422 otherwise)."""
    if not isinstance(raw, str) or not raw.strip():
        raise invalid({field: "This field is required."})
    url = raw.strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("https", "http"):
        raise invalid({field: "Enter a full URL, e.g. https://example.com/webhooks/blend."})
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise invalid({field: "Webhook URLs must use https (http is allowed for localhost only)."})
    return url


# ---- subscriptions ----------------------------------------------------------------------------


def _mine(req: SandboxRequest, kind: str | None = None) -> list[Row]:
    user_id = (req.user or {}).get("id")
    rows = [
        row
        for row in req.state.subscriptions.rows()
        if row.get("user_id") == user_id and (kind is None or row.get("type") == kind)
    ]
    rows.sort(key=lambda row: (row.get("created_at") or "", row["id"]))
    return rows


def _find(req: SandboxRequest, subscription_id: str, kind: str | None, label: str) -> Row:
    row = req.state.subscriptions.get(subscription_id) or req.state.subscriptions.get(subscription_id.lower())
    if row is None or row.get("user_id") != (req.user or {}).get("id") or (kind and row.get("type") != kind):
        raise not_found(label)
    return row


def _new_subscription(req: SandboxRequest, kind: str, entries: list[dict[str, str]], url: str | None) -> Row:
    row: Row = {
        "id": new_id(),
        "created_at": iso(now()),
        "is_active": True,
        "type": kind,
        "user_id": (req.user or {}).get("id"),
        "subscriptions": entries,
        "url": url,
    }
    return req.state.subscriptions.insert(row)


@router.route("GET", "/notifications/events")
def notification_events(req: SandboxRequest):
    return ok([dict(event) for event in NOTIFICATION_EVENT_TYPES])


@router.route("POST", "/notifications/webhooks")
def webhook_create(req: SandboxRequest):
    body = req.json_object()
    url = check_url(body.get("url"))
    entries = event_entries(body.get("event_codes"))
    return created(public(_new_subscription(req, "webhook", entries, url)))


@router.route("GET", "/notifications/webhooks")
def webhook_list(req: SandboxRequest):
    return ok([public(row) for row in _mine(req, "webhook")])


@router.route("POST", "/notifications/webhooks/secret")
def webhook_secret(req: SandboxRequest):
    value = "whsec_" + secrets.token_urlsafe(32)
    row = {"id": "webhook_secret", "secret": value, "created_at": iso(now())}
    if "webhook_secret" in req.state.settings:
        req.state.settings.edit("webhook_secret").update(row)
    else:
        req.state.settings.insert(row)
    return created({"secret": value})


@router.route("GET", "/notifications/webhooks/{webhook_id}")
def webhook_get(req: SandboxRequest, webhook_id: str):
    return ok(public(_find(req, webhook_id, "webhook", "Webhook subscription")))


@router.route("PUT", "/notifications/webhooks/{webhook_id}")
def webhook_update(req: SandboxRequest, webhook_id: str):
    row = _find(req, webhook_id, "webhook", "Webhook subscription")
    body = req.json_object()
    url = check_url(body.get("url"))
    entries = event_entries(body.get("event_codes"))
    row = req.state.subscriptions.edit(row["id"])
    row.update({"url": url, "subscriptions": entries})
    return ok(public(row))


@router.route("DELETE", "/notifications/webhooks/{webhook_id}")
def webhook_delete(req: SandboxRequest, webhook_id: str):
    row = _find(req, webhook_id, "webhook", "Webhook subscription")
    req.state.subscriptions.delete(row["id"])
    return ok({"id": row["id"], "deleted": True})


# ---- samples ----------------------------------------------------------------------------------

SAMPLE_ORDER_ID = "0227d1e5-ba9a-42b5-8fe2-38882aa65708"
SAMPLE_STAMP = "2025-03-16T22:55:37.920593"


def sample_data(code: str) -> dict[str, Any]:
    """Illustrative data for one event, in the shapes of the docs' examples."""
    order = {
        "id": SAMPLE_ORDER_ID,
        "created_at": SAMPLE_STAMP,
        "updated_at": SAMPLE_STAMP,
        "url": f"https://app.byblend.com/orders/{SAMPLE_ORDER_ID}",
        "order_number": "ORD250316225537XHWD",
        "first_name": "Rodrigo",
        "last_name": "Davis",
        "status_code": "N01",
        "status_name": "Received",
    }
    if code == "order.shipped":
        shipment_id = "5b1e3d4c-8f2a-4c6e-9b7d-1a2b3c4d5e6f"
        return {
            "id": shipment_id,
            "carrier": "USPS",
            "service_level": "Ground Advantage",
            "tracking_number": "9400111899223197428490",
            "tracking_url": "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490",
            "estimated_delivery_date": "2025-03-20T00:00:00.000000",
            "status": "shipped",
            "created_at": SAMPLE_STAMP,
            "updated_at": SAMPLE_STAMP,
            "url": f"https://app.byblend.com/shipments/{shipment_id}",
            "order_id": SAMPLE_ORDER_ID,
            "order_number": "ORD250316225537XHWD",
        }
    if code.startswith("prescription."):
        return {
            "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "created_at": SAMPLE_STAMP,
            "updated_at": SAMPLE_STAMP,
            "patient_id": "3da03bd9-26cd-487c-9619-d4e1b0c26f24",
            "prescriber_id": "98cae3a3-996c-4bf5-9143-0ab6d98bc1d0",
            "status": "cancelled" if code == "prescription.cancelled" else "new",
            "url": "https://app.byblend.com/prescriptions/7c9e6679-7425-40de-944b-e07fc1f90ae7",
        }
    status = {
        "order.delivered": ("S02", "Delivered"),
        "order.cancelled": ("X01", "Cancelled"),
        "order.status_changed": ("P02", "Picked"),
    }.get(code)
    if status:
        order["status_code"], order["status_name"] = status
    if code == "order.stuck":
        order["reason"] = "Order Missing Active Prescription"
    return order


def _sample_event(raw: Any, *, in_path: bool) -> str:
    event = _event(raw.strip()) if isinstance(raw, str) else None
    if event is None:
        if in_path:
            raise not_found("Event type")
        raise invalid({"event_code": "Give one event code from /notifications/events (not 'all')."})
    return event["event_code"]


@router.route("GET", "/notifications/sample/{event_code}")
def notification_sample_preview(req: SandboxRequest, event_code: str):
    code = _sample_event(event_code, in_path=True)
    return ok({"event_code": code, "payload_preview": {"event_code": code, "data": sample_data(code)}})


@router.route("POST", "/notifications/sample")
def notification_sample_send(req: SandboxRequest):
    body = req.json_object()
    code = _sample_event(body.get("event_code"), in_path=False)
    url = check_url(body.get("webhook_url"), "webhook_url") if body.get("webhook_url") else None
    targets = (
        [url]
        if url
        else [row["url"] for row in _mine(req, "webhook") if row.get("is_active") and row.get("url")]
    )
    if not targets:
        raise invalid({"webhook_url": "Give a webhook_url: there is no active webhook subscription."})
    data = sample_data(code)
    token = webhooks.secret(req.state)
    for target in targets:
        webhooks.deliver(target, code, data, secret=token)
    return ok(
        {
            "event_code": code,
            "payload_preview": {"event_code": code, "data": data},
            "message": "Sample webhook sent successfully",
            "webhook_url": url,
        }
    )


# ---- e-mail subscriptions ---------------------------------------------------------------------


def _email_body(req: SandboxRequest) -> dict[str, Any]:
    row = req.state.settings.get("email_subscriptions") or {}
    return {"is_active": bool(row.get("is_active")), "subscriptions": list(row.get("subscriptions") or [])}


def _save_email(req: SandboxRequest, is_active: bool, entries: list[dict[str, str]]) -> dict[str, Any]:
    row = {"id": "email_subscriptions", "is_active": is_active, "subscriptions": entries}
    if "email_subscriptions" in req.state.settings:
        req.state.settings.edit("email_subscriptions").update(row)
    else:
        req.state.settings.insert(row)
    return _email_body(req)


@router.route("GET", "/notifications/email")
def email_subscriptions_get(req: SandboxRequest):
    return ok(_email_body(req))


@router.route("PUT", "/notifications/email")
def email_subscriptions_update(req: SandboxRequest):
    entries = event_entries(req.json_object().get("event_codes"))
    return ok(_save_email(req, True, entries))


@router.route("DELETE", "/notifications/email")
def email_subscriptions_deactivate(req: SandboxRequest):
    return ok(_save_email(req, False, []))


# ---- deprecated generic subscriptions -----------------------------------------------------------


@router.route("GET", "/notifications")
def subscription_list(req: SandboxRequest):
    return ok([public(row) for row in _mine(req)])


@router.route("POST", "/notifications")
def subscription_create(req: SandboxRequest):
    body = req.json_object()
    kind = body.get("type")
    if kind not in SUBSCRIPTION_TYPES:
        raise invalid({"type": "Must be one of: webhook, email, sms."})
    url = check_url(body.get("url")) if kind == "webhook" else None
    entries = event_entries(body.get("event_codes"))
    return created(public(_new_subscription(req, kind, entries, url)))


@router.route("DELETE", "/notifications/{subscription_id}")
def subscription_deactivate(req: SandboxRequest, subscription_id: str):
    row = _find(req, subscription_id, None, "Subscription")
    if row.get("is_active", True):
        row = req.state.subscriptions.edit(row["id"])
        row["is_active"] = False
    return ok(public(row))
