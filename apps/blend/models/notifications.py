"""Notification event types, subscriptions (webhook, e-mail, SMS) and sample payloads."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from apps.blend.models.base import BlendModel
from apps.blend.models.catalog import UtcDatetime


class EventType(BlendModel):
    """An event one can subscribe to; `all` stands for every event."""

    event_code: str = ""
    name: str = ""
    description: str | None = None


class Subscription(BlendModel):
    """A webhook subscription, or (deprecated endpoints) any subscription: `type` webhook/email/sms."""

    id: str = ""
    created_at: UtcDatetime | None = None
    is_active: bool = True
    type: str | None = None
    user_id: str | None = None
    subscriptions: list[EventType] = Field(default_factory=list)
    url: str | None = None

    @property
    def event_codes(self) -> list[str]:
        return [event.event_code for event in self.subscriptions]


class EmailSubscriptions(BlendModel):
    is_active: bool = False
    subscriptions: list[EventType] = Field(default_factory=list)

    @property
    def event_codes(self) -> list[str]:
        return [event.event_code for event in self.subscriptions]


class SamplePayload(BlendModel):
    """A sample webhook: what would be POSTed (`payload_preview`) and, once sent, Blend's message."""

    event_code: str = ""
    payload_preview: dict[str, Any] | None = None
    message: str | None = None
    webhook_url: str | None = None


class Deletion(BlendModel):
    id: str = ""
    deleted: bool = True
