"""Recalls: a product or an inventory lot found bad, every open order that holds it, and what was done
to them (bulk runs of apps.bulk, linked here).

Orders are kept by id, number, status and the ids of their patient and prescribers: no names (a
report reads them from Blend when it is shown, and that view is audited)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Subject(models.TextChoices):
    PRODUCT = "product", "Product"
    LOT = "lot", "Inventory lot"


class Recall(models.Model):
    subject = models.CharField(max_length=10, choices=Subject.choices)
    subject_id = models.CharField(max_length=64)  # the product's or the lot's Blend id
    product_kind = models.CharField(max_length=20, blank=True)  # a product recall's kind
    subject_name = models.CharField(max_length=200, blank=True)  # the product's name, the lot's batch
    products = models.JSONField(default=list)  # [{"kind", "id", "name"}]: the products recalled
    reason = models.CharField(max_length=1000)
    lot_unknown = models.BooleanField(default=False)  # Blend cannot say which lot an order used
    index_as_of = models.DateTimeField(null=True, blank=True)  # the order index's last full sync
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Recall #{self.pk}"


class RecallOrder(models.Model):
    """An open order holding what is recalled, as Blend had it when the recall started."""

    recall = models.ForeignKey(Recall, on_delete=models.CASCADE, related_name="orders")
    order_id = models.CharField(max_length=64)
    order_number = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=40)  # when the recall started
    patient_id = models.CharField(max_length=64, blank=True)
    prescriber_ids = models.JSONField(default=list)
    product_ids = models.JSONField(default=list)  # which of the recall's products it holds
    note = models.CharField(max_length=300, blank=True)  # e.g. Blend could not be read for it

    class Meta:
        ordering = ["order_number", "order_id"]
        constraints = [models.UniqueConstraint(fields=["recall", "order_id"], name="recall_order_once")]

    def __str__(self) -> str:
        return self.order_number or self.order_id


class RecallRun(models.Model):
    """A bulk run (pause, cancellation) a recall started, with the reason recorded for it."""

    recall = models.ForeignKey(Recall, on_delete=models.CASCADE, related_name="runs")
    run = models.OneToOneField("bulk.BulkRun", on_delete=models.PROTECT, related_name="recall_link")
    reason = models.CharField(max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Recall #{self.recall_id}: bulk run #{self.run_id}"

    @property
    def action_label(self) -> str:
        from apps.orders.rules import ACTIONS

        spec = ACTIONS.get(self.run.action)
        return spec.label if spec else self.run.action
