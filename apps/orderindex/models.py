"""BlendAdmin's index of order summaries: what Blend's order list cannot filter by (created between
two dates, product, shipping state, time in a status, the request flags), kept in BlendAdmin's own
database. Only ids, codes, flags and times: no names, addresses, birth dates or free text (the
shipping address is kept as its state alone; Blend's stuck reason is one of its four phrases).
Blend stays the system of record: an action re-reads the order from Blend first."""

from __future__ import annotations

from django.db import models


class IndexedOrder(models.Model):
    id = models.CharField(primary_key=True, max_length=64)  # Blend's order id (uuid)
    order_number = models.CharField(max_length=40, db_index=True)
    external_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=40)
    priority_requested = models.BooleanField(default=False)
    cancellation_requested = models.BooleanField(default=False)
    replacement_request_status = models.CharField(max_length=20, blank=True)
    is_replacement = models.BooleanField(default=False)
    has_unmatched_prescriptions = models.BooleanField(default=False)
    patient_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(null=True)
    updated_at = models.DateTimeField(null=True)
    ship_state = models.CharField(max_length=2, blank=True)  # the shipping address's US state
    carrier = models.CharField(max_length=40, blank=True)
    service_level = models.CharField(max_length=60, blank=True)
    shipped_at = models.DateTimeField(null=True)  # the first shipment's
    line_count = models.PositiveIntegerField(default=0)
    # Stuck at Blend: Blend's reason as its `order.stuck` event gave it ("" when not stuck), when
    # Blend said so, and the status the order was stuck in (it holds while the order stays there)
    blend_stuck_reason = models.CharField(max_length=100, blank=True)
    blend_stuck_at = models.DateTimeField(null=True, blank=True)
    blend_stuck_status = models.CharField(max_length=40, blank=True)
    indexed_at = models.DateTimeField()  # when this row was last written from Blend
    sync_run = models.PositiveIntegerField(default=0)  # the last full sync that saw the order

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], name="orderindex_created_idx"),
            models.Index(fields=["status", "created_at"], name="orderindex_status_idx"),
            models.Index(fields=["status", "updated_at"], name="orderindex_status_upd_idx"),
            models.Index(fields=["ship_state", "created_at"], name="orderindex_state_idx"),
            models.Index(
                fields=["created_at"],
                name="orderindex_blend_stuck_idx",
                condition=~models.Q(blend_stuck_reason=""),
            ),
            # The pending requests: a few percent of the orders each, counted from their own index
            models.Index(
                fields=["created_at"],
                name="orderindex_cancel_req_idx",
                condition=models.Q(cancellation_requested=True),
            ),
            models.Index(
                fields=["created_at"],
                name="orderindex_priority_req_idx",
                condition=models.Q(priority_requested=True),
            ),
            models.Index(
                fields=["created_at"],
                name="orderindex_replace_req_idx",
                condition=models.Q(replacement_request_status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return self.order_number or self.id


class IndexedOrderProduct(models.Model):
    """One product on an indexed order (each product once per order, whatever its lines). The
    order's status and creation time are copied here (rows are rewritten with their order's), so a
    product's orders are counted and paged from this table's index alone, without a join through a
    million orders (bench/orderindex.py)."""

    order = models.ForeignKey(IndexedOrder, on_delete=models.CASCADE, related_name="product_rows")
    product_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=20)  # prescription / non_prescription / order_material
    status = models.CharField(max_length=40, blank=True)  # the order's
    created_at = models.DateTimeField(null=True)  # the order's

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "kind", "product_id"], name="orderindex_product_once")
        ]
        indexes = [
            models.Index(fields=["product_id", "order"], name="orderindex_product_idx"),
            models.Index(fields=["product_id", "created_at", "order"], name="orderindex_product_new_idx"),
            models.Index(
                fields=["product_id", "status", "created_at", "order"], name="orderindex_product_status_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.kind} {self.product_id}"


class IndexSync(models.Model):
    """One full sync of the index from Blend's order list, page by page. `next_page` is written in the
    same transaction as the page's rows, so a stopped sync resumes at the page it had not finished."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    next_page = models.PositiveIntegerField(default=1)
    total_pages = models.PositiveIntegerField(null=True, blank=True)
    total_count = models.PositiveIntegerField(null=True, blank=True)
    orders_seen = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    blend_calls = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Order index sync {self.pk}"

    @property
    def done(self) -> bool:
        return self.finished_at is not None
