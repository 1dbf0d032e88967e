"""Blend's webhook events as received, what processing them taught BlendAdmin about each order, and
the webhook secret Blend sends with every delivery (encrypted)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Event(models.Model):
    """One event Blend sent, stored once. Blend retries and gives no event id, so an event is the
    same event when its code, object id and update time are (the unique constraint); a repeat delivery
    only counts in `deliveries`."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"  # stored, its job queued (or waiting for a retry)
        PROCESSED = "processed", "Processed"
        FAILED = "failed", "Failed"  # its job used all its attempts

    event_code = models.CharField(max_length=64)
    object_id = models.CharField(max_length=100, blank=True)  # data.id
    object_updated_at = models.CharField(max_length=40, blank=True)  # data.updated_at, as Blend wrote it
    order_id = models.CharField(max_length=100, blank=True, db_index=True)  # "" when it names no order
    body = models.TextField()  # the raw request body
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_received_at = models.DateTimeField(default=timezone.now)
    deliveries = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=300, blank=True)  # what processing found
    error = models.CharField(max_length=500, blank=True)  # the last attempt's error
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_code", "object_id", "object_updated_at"], name="events_event_stored_once"
            )
        ]
        indexes = [
            models.Index(fields=["state", "received_at"], name="events_state_idx"),
            models.Index(fields=["event_code", "received_at"], name="events_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_code} {self.object_id} {self.object_updated_at}"


class OrderState(models.Model):
    """An order as BlendAdmin last read it from Blend after one of its events: its status is Blend's
    answer, never an event's, and an older answer never replaces a newer one (`blend_updated_at`).
    `changed_at` (indexed) is when BlendAdmin learnt of a change: the "changed since" queries."""

    order_id = models.CharField(max_length=100, primary_key=True)
    order_number = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=64, blank=True)
    status_code = models.CharField(max_length=16, blank=True)
    status_name = models.CharField(max_length=100, blank=True)
    blend_updated_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.order_number or self.order_id}: {self.status_name or self.status}"


class WebhookSecret(models.Model):
    """A secret Blend generated for BlendAdmin's webhooks, encrypted (apps.events.secrets). The newest
    is current; the one it replaced keeps working for WEBHOOK_SECRET_OVERLAP seconds."""

    encrypted = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"webhook secret of {self.created_at:%Y-%m-%d %H:%M}"
