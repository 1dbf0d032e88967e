"""Bulk actions on orders: a run (one action over many orders, by one user) and one item per order.

An item's state is written before its Blend call is sent (`sending`) and after Blend answers, so a
run whose worker stopped midway never sends an order twice: on resuming, an item found `sending` is
settled by reading the order from Blend, never by sending again. Orders are kept by id and number
only (no patient data)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RunState(models.TextChoices):
    DRAFT = "draft", "Dry run: not confirmed"
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"


class ItemState(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENDING = "sending", "Sending"
    DONE = "done", "Done"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"
    NOT_TRIED = "not_tried", "Not tried"


FINAL_ITEM_STATES = (ItemState.DONE, ItemState.REFUSED, ItemState.FAILED, ItemState.NOT_TRIED)


class BulkRun(models.Model):
    action = models.CharField(max_length=40)  # a name in apps.orders.rules.ACTIONS
    text = models.CharField(max_length=1000, blank=True)  # the comments/reason sent with each order
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    selection = models.CharField(max_length=200, blank=True)  # how the orders were chosen, no search words
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)  # the worker's last sign of life
    blend_calls = models.PositiveIntegerField(default=0)
    purpose = models.CharField(max_length=40, blank=True)  # e.g. "recall:<id>" when a recall started it

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Bulk {self.action} #{self.pk}"


class BulkItem(models.Model):
    run = models.ForeignKey(BulkRun, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    order_id = models.CharField(max_length=64)
    order_number = models.CharField(max_length=40, blank=True)
    status_before = models.CharField(max_length=40, blank=True)  # as the dry run read it
    allowed = models.BooleanField(default=False)  # the dry run's verdict
    reason = models.CharField(max_length=300, blank=True)  # why not, when not allowed
    state = models.CharField(max_length=10, choices=ItemState.choices, default=ItemState.PENDING)
    message = models.CharField(max_length=500, blank=True)  # Blend's reason for a refusal, or the failure
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["run", "order_id"], name="bulk_item_once_per_run")]
        indexes = [models.Index(fields=["run", "state"], name="bulk_item_state_idx")]

    def __str__(self) -> str:
        return f"{self.order_number or self.order_id}: {self.state}"
