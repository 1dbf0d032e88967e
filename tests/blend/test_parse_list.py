"""A page of Blend records validated in one call (`parse_list`) is what parsing each one gives."""

from __future__ import annotations

import pytest

from apps.blend.errors import BlendMalformedResponse
from apps.blend.models.base import parse, parse_list
from apps.blend.models.orders import Order


def test_a_list_parses_to_the_same_orders_as_one_at_a_time(sandbox, blend):
    response = blend.http.request("GET", "/orders", params={"page_size": 25})
    items = response.data
    assert len(items) == 25
    assert parse_list(Order, items) == [parse(Order, item) for item in items]
    assert parse_list(Order, {"results": items[:2]}) == [parse(Order, item) for item in items[:2]]


def test_a_null_in_a_list_is_an_empty_object_as_parse_reads_it():
    assert parse_list(Order, [None, {"id": "o1"}]) == [parse(Order, None), parse(Order, {"id": "o1"})]


@pytest.mark.parametrize(
    "data", [[{"id": "o1"}, "not an order"], [{"id": "o1", "created_at": "yesterday"}], {"id": "o1"}]
)
def test_a_list_with_a_bad_item_is_a_malformed_response(data):
    with pytest.raises(BlendMalformedResponse):
        parse_list(Order, data)
