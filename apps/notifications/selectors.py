"""Reads for /settings/notifications/: Blend's event types, the webhook and e-mail subscriptions (one
concurrent round trip; the event types are a cached reference list) and whether BlendAdmin holds a
webhook secret. The three reads are of endpoints the reference marks inferred: one that fails leaves
its part of the page saying so (None), never the page down."""

from __future__ import annotations

from dataclasses import dataclass

from apps.blend.concurrency import fetch_concurrently, optional
from apps.blend.models.notifications import EmailSubscriptions, EventType, SamplePayload, Subscription
from apps.blend.runtime import get_blend
from apps.events.models import WebhookSecret

ALL = "all"


@dataclass(frozen=True)
class SecretStatus:
    exists: bool
    created_at: object = None  # datetime of the current secret
    previous_valid: bool = False  # the one it replaced still works (overlap)


@dataclass(frozen=True)
class NotificationsPage:
    event_types: list[EventType] | None  # without `all`; None: Blend's list could not be read
    webhooks: list[Subscription] | None  # None: could not be read
    email: EmailSubscriptions | None  # None: could not be read
    secret: SecretStatus

    def event_types_for(self, codes: list[str]) -> list[EventType]:
        """The event types a form offers: Blend's, or while they cannot be read the `codes` a
        subscription holds (kept as they are rather than lost)."""
        if self.event_types is not None:
            return self.event_types
        return [EventType(event_code=code, name=code) for code in codes if code.lower() != ALL]


def event_types() -> list[EventType]:
    """Blend's event types, `all` left out (offered as its own choice)."""
    return [event for event in get_blend().notification_event_types() if event.event_code.lower() != ALL]


def secret_status() -> SecretStatus:
    from apps.events.secrets import webhook_secrets_valid

    current = WebhookSecret.objects.filter(replaced_at__isnull=True).first()
    if current is None:
        return SecretStatus(exists=False)
    return SecretStatus(
        exists=True, created_at=current.created_at, previous_valid=len(webhook_secrets_valid()) > 1
    )


def notifications_page_data() -> NotificationsPage:
    blend = get_blend()
    found = fetch_concurrently(
        event_types=optional(event_types),
        webhooks=optional(blend.webhook_list),
        email=optional(blend.email_subscriptions_get),
    )
    return NotificationsPage(
        event_types=found["event_types"],
        webhooks=found["webhooks"],
        email=found["email"],
        secret=secret_status(),
    )


def sample_preview(*, event_code: str) -> SamplePayload:
    return get_blend().notification_sample_preview(event_code=event_code)
