"""A list page's window of the index: the exact count and one page of rows. A product's orders are
answered from the product's rows alone (they carry their order's status and creation time), and must
be exactly what the general query over the orders selects."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.blend.models.orders import OPEN_STATUSES
from apps.orderindex import services
from apps.orderindex.models import IndexedOrder, IndexedOrderProduct
from apps.orderindex.selectors import IndexQuery, order_index_select, order_index_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(sandbox) -> str:
    services.order_index_sync()
    counts = Counter(IndexedOrderProduct.objects.values_list("product_id", flat=True))
    return counts.most_common(1)[0][0]  # the product on the most orders


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"sort": "created"},
        {"open_only": True},
        {"statuses": ["delivered", "shipped"]},
        {"created_from": (timezone.now() - timedelta(days=60)).date(), "sort": "created"},
        {"sort": "number"},  # a sort the product's rows do not carry: counted there, paged by the orders
        {"request": "priority"},  # a filter they do not carry: the general query
    ],
)
def test_a_products_window_is_what_the_general_query_selects(product, extra):
    query = IndexQuery(product_id=product, **extra)
    selected = order_index_select(query=query)

    for start in (0, 10):
        total, rows = order_index_window(query=query, start=start, size=10)
        assert total == selected.count()
        assert [r.id for r in rows] == list(selected.values_list("id", flat=True)[start : start + 10])


def test_the_product_rows_follow_their_orders_status(sandbox, blend):
    services.order_index_sync()
    row = IndexedOrder.objects.filter(status="received", product_rows__isnull=False).first()
    product = row.product_rows.first().product_id
    blend.order_pause(order_id=row.id)

    services.index_order_refresh(row.id)

    assert set(IndexedOrderProduct.objects.filter(order_id=row.id).values_list("status", flat=True)) == {
        "paused"
    }
    open_now = order_index_window(query=IndexQuery(product_id=product, open_only=True), start=0, size=500)[1]
    assert row.id in {r.id for r in open_now} and "paused" in OPEN_STATUSES
