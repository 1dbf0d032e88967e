"""`OrderSummary`, the order list's reading of an order: the same answers as a full `Order` for what
a list row and the action rules ask, from Blend's current and older shapes, other fields skipped."""

from __future__ import annotations

import pytest

from apps.blend.errors import BlendMalformedResponse
from apps.blend.models import Order, OrderSummary
from apps.blend.models.base import parse_list
from apps.orders import rules

SUPPORT_PERMS = frozenset({rules.VIEW, rules.EDIT, rules.CHANGE_STATUS, rules.CANCEL})

ROW_FIELDS = ("id", "reference", "status", "created_at", "priority_requested", "cancellation_requested")
ROW_FIELDS += ("is_replacement", "replacement_request_status")


def summary_and_order(data: dict) -> tuple[OrderSummary, Order]:
    return OrderSummary.model_validate(data), Order.model_validate(data)


def test_the_list_answers_what_reading_each_order_answers(blend):
    page = blend.order_list(page_size=25, statuses=["received", "paused", "delivered", "cancelled"])
    assert len(page.items) == 25 and all(type(o) is OrderSummary for o in page.items)
    for listed in page.items:
        order = blend.order_get(order_id=listed.id)
        assert [getattr(listed, f) for f in ROW_FIELDS] == [getattr(order, f) for f in ROW_FIELDS]
        assert listed.patient.full_name == order.patient.full_name
        assert listed.products.count == order.products.count > 0
        assert rules.allowed_actions(listed, SUPPORT_PERMS) == rules.allowed_actions(order, SUPPORT_PERMS)


def test_a_summary_flags_and_allows_what_the_full_order_does():
    data = {
        "id": "0b7f6a2e-1111-4222-8333-944444444444",
        "order_number": "BL-<1001>",
        "status": "received",
        "created_at": "2026-01-15T03:30:00Z",
        "patient": {"first_name": "Ann & Co", "last_name": "O'Hara", "ssn": "123-45-6789"},
        "products": {"prescription": [{"id": "l1", "quantity": 2}], "order_material": [{"id": "l2"}]},
        "priority_requested": True,
        "replacement_requested": True,
    }
    summary, order = summary_and_order(data)
    assert rules.order_flags(summary) == rules.order_flags(order)
    assert rules.allowed_actions(summary, SUPPORT_PERMS) == rules.allowed_actions(order, SUPPORT_PERMS)
    assert summary.products.count == order.products.count == 2
    assert rules.order_flags(summary)[1].text == "Replacement pending"


@pytest.mark.parametrize(
    "shape",
    [
        {"status_code": "H01", "status": "Paused"},
        {"status_name": "Paused"},
        {"status": "PAUSED"},
    ],
)
def test_older_status_shapes_read_as_the_slug(shape):
    summary, order = summary_and_order({"id": "o1", **shape})
    assert summary.status == order.status == "paused"


def test_missing_fields_default_and_other_fields_are_skipped():
    summary = OrderSummary.model_validate(
        {"id": "o1", "products": None, "patient": None, "address": {"zip_code": "10001"}, "new_field": 1}
    )
    assert summary.reference == "o1" and summary.products.count == 0 and summary.patient is None
    assert summary.model_extra in (None, {}) and summary.get("new_field") is None
    assert not hasattr(summary, "address")


def test_a_page_with_a_bad_order_is_a_malformed_response():
    with pytest.raises(BlendMalformedResponse):
        parse_list(OrderSummary, [{"id": "o1"}, {"id": "o2", "created_at": "not a date"}])
