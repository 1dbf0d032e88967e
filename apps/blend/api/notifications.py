"""Notification event types, webhook subscriptions and secret, sample webhooks, e-mail subscriptions
and the deprecated generic subscriptions."""

from __future__ import annotations

from collections.abc import Sequence

from apps.blend.api.base import APIBase
from apps.blend.models.notifications import (
    Deletion,
    EmailSubscriptions,
    EventType,
    SamplePayload,
    Subscription,
)

WEBHOOK = "/notifications/webhooks/{webhook_id}"


class NotificationsAPI(APIBase):
    def notification_event_types(self) -> list[EventType]:
        return self._reference(
            "notification_events", lambda: self._many(EventType, "GET", "/notifications/events")
        )

    # -- webhooks --------------------------------------------------------------------------------
    def webhook_create(self, *, url: str, event_codes: Sequence[str]) -> Subscription:
        body = {"url": url, "event_codes": list(event_codes)}
        return self._one(Subscription, "POST", "/notifications/webhooks", json=body)

    def webhook_list(self) -> list[Subscription]:
        return self._many(Subscription, "GET", "/notifications/webhooks")

    def webhook_get(self, *, webhook_id: str) -> Subscription:
        return self._one(Subscription, "GET", WEBHOOK, path={"webhook_id": webhook_id})

    def webhook_update(self, *, webhook_id: str, url: str, event_codes: Sequence[str]) -> Subscription:
        body = {"url": url, "event_codes": list(event_codes)}
        return self._one(Subscription, "PUT", WEBHOOK, path={"webhook_id": webhook_id}, json=body)

    def webhook_delete(self, *, webhook_id: str) -> Deletion:
        return self._one(Deletion, "DELETE", WEBHOOK, path={"webhook_id": webhook_id})

    def webhook_secret_generate(self) -> str:
        """A new secret Blend sends as `Authorization: Bearer <secret>` (replaces the old one)."""
        data = self._data("POST", "/notifications/webhooks/secret")
        return str((data or {}).get("secret") or "") if isinstance(data, dict) else str(data or "")

    # -- samples ---------------------------------------------------------------------------------
    def notification_sample_preview(self, *, event_code: str) -> SamplePayload:
        return self._one(
            SamplePayload, "GET", "/notifications/sample/{event_code}", path={"event_code": event_code}
        )

    def notification_sample_send(self, *, event_code: str, webhook_url: str | None = None) -> SamplePayload:
        """Send a sample to `webhook_url`, or to every active webhook subscription when None."""
        body = {"event_code": event_code, **({"webhook_url": webhook_url} if webhook_url else {})}
        return self._one(SamplePayload, "POST", "/notifications/sample", json=body)

    # -- e-mail ----------------------------------------------------------------------------------
    def email_subscriptions_get(self) -> EmailSubscriptions:
        return self._one(EmailSubscriptions, "GET", "/notifications/email")

    def email_subscriptions_update(self, *, event_codes: Sequence[str]) -> EmailSubscriptions:
        return self._one(
            EmailSubscriptions, "PUT", "/notifications/email", json={"event_codes": list(event_codes)}
        )

    def email_subscriptions_deactivate(self) -> EmailSubscriptions:
        return self._one(EmailSubscriptions, "DELETE", "/notifications/email")

    # -- deprecated generic subscriptions --------------------------------------------------------
    def subscription_list(self) -> list[Subscription]:
        """Deprecated by Blend: every subscription of the user (webhook, email, sms)."""
        return self._many(Subscription, "GET", "/notifications")

    def subscription_create(
        self, *, type: str, event_codes: Sequence[str], url: str | None = None
    ) -> Subscription:
        """Deprecated by Blend: prefer `webhook_create` / `email_subscriptions_update`."""
        body = {"type": type, "event_codes": list(event_codes), **({"url": url} if url else {})}
        return self._one(Subscription, "POST", "/notifications", json=body)

    def subscription_deactivate(self, *, subscription_id: str) -> Subscription:
        """Deprecated by Blend."""
        path = {"subscription_id": subscription_id}
        return self._one(Subscription, "DELETE", "/notifications/{subscription_id}", path=path)
