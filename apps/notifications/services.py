"""Changes to Blend's notifications for BlendAdmin's account, each audited: webhook subscriptions,
the webhook secret (Blend generates it; BlendAdmin stores it encrypted and never shows it), sample
deliveries and e-mail subscriptions."""

from __future__ import annotations

from collections.abc import Sequence

from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.blend.models.notifications import Deletion, EmailSubscriptions, SamplePayload, Subscription
from apps.blend.runtime import get_blend
from apps.core.writes import Refused
from apps.events.secrets import webhook_secret_save


@audited("webhook.create", target_type="webhook", created_id=lambda subscription: subscription.id)
def webhook_create(*, actor: Actor, url: str, event_codes: Sequence[str]) -> Subscription:
    return get_blend().webhook_create(url=url, event_codes=event_codes)


@audited("webhook.update", target_type="webhook", target_id_arg="webhook_id")
def webhook_update(*, actor: Actor, webhook_id: str, url: str, event_codes: Sequence[str]) -> Subscription:
    return get_blend().webhook_update(webhook_id=webhook_id, url=url, event_codes=event_codes)


@audited("webhook.delete", target_type="webhook", target_id_arg="webhook_id")
def webhook_delete(*, actor: Actor, webhook_id: str) -> Deletion:
    return get_blend().webhook_delete(webhook_id=webhook_id)


@audited("webhook.secret_rotate", target_type="webhook_secret")
def webhook_secret_rotate(*, actor: Actor) -> None:
    """Ask Blend for a new secret (it replaces Blend's old one at once) and store it encrypted; the
    previous one keeps being accepted for WEBHOOK_SECRET_OVERLAP seconds."""
    secret = get_blend().webhook_secret_generate()
    if not secret:
        raise Refused("Blend answered without a secret; the current one is kept.")
    webhook_secret_save(secret)


@audited("notification.sample_send", target_type="event_type", target_id_arg="event_code")
def notification_sample_send(*, actor: Actor, event_code: str, webhook_url: str) -> SamplePayload:
    return get_blend().notification_sample_send(event_code=event_code, webhook_url=webhook_url)


@audited("email_subscriptions.update", target_type="email_subscriptions")
def email_subscriptions_update(*, actor: Actor, event_codes: Sequence[str]) -> EmailSubscriptions:
    return get_blend().email_subscriptions_update(event_codes=event_codes)


@audited("email_subscriptions.deactivate", target_type="email_subscriptions")
def email_subscriptions_deactivate(*, actor: Actor) -> EmailSubscriptions:
    return get_blend().email_subscriptions_deactivate()
