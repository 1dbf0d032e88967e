"""A new order being prepared: the one table this area keeps. Blend is the system of record, but
an order is typed over several steps (and may be left and picked up after a sign-out), so what was
typed is kept here until it is sent, tied to the user who typed it, and purged once it expires.

A draft holds patient data: it is never put in a URL (only its random id) or a log line."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

DRAFT_LIFETIME = timedelta(days=3)  # a draft not touched for this long is purged


class OrderDraftQuerySet(models.QuerySet):
    def live(self) -> OrderDraftQuerySet:
        return self.filter(expires_at__gt=timezone.now())


class OrderDraft(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="order_drafts")
    # What was typed, step by step, as the forms posted it ({step: {field: [values]}}), Blend's
    # refusal at the step and field it belongs to, and after sending what Blend made.
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OrderDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"order draft {self.id}"  # never its contents

    def touch(self) -> None:
        self.expires_at = timezone.now() + DRAFT_LIFETIME
