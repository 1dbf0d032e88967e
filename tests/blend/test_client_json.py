"""Reading Blend's JSON: pydantic-core's parser with `json.loads` as the fallback, and whole-list
validation. The values must be exactly those `json.loads` gives."""

from __future__ import annotations

import json

import httpx
import pytest

from apps.blend.errors import BlendMalformedResponse
from apps.blend.http import decode_json
from apps.blend.models.base import parse, parse_list
from apps.blend.models.orders import Order
from tests.blend.test_client_core import mock_client

BIG = 2**70 + 1  # past 64 bits: a parser that goes through float would change it


def test_it_keeps_an_integer_past_64_bits_exact():
    body = json.dumps({"id": "o1", "big": BIG}).encode()
    client = mock_client(lambda r: httpx.Response(200, content=body))
    assert client.order_get(order_id="o1").get("big") == BIG


@pytest.mark.parametrize(
    "content",
    [
        b'{"a": [1, 2.5, -0.0, null, true, "caf\\u00e9 \\ud83d\\ude00", "\xc3\xa9"], "a2": {}}',
        b"[NaN, Infinity, -Infinity, 1e400, 0.1, 1.0000000000000002]",
        b'{"a": 1, "a": 2}',
        b'\xef\xbb\xbf{"bom": true}',  # a byte-order mark: pydantic-core refuses it, json.loads reads it
        '{"utf16": true}'.encode("utf-16"),
        b'"\\ud800"',  # a lone surrogate: the same
    ],
)
def test_it_reads_what_json_loads_reads(content):
    expected = json.loads(content)
    decoded = decode_json(content)
    assert repr(decoded) == repr(expected)  # repr: nan != nan, and -0.0 == 0.0


@pytest.mark.parametrize("content", [b'{"id": "truncated', b"[1, 2]x", b"", b"\xff\xfe\xff"])
def test_it_refuses_what_json_loads_refuses(content):
    with pytest.raises(ValueError):
        decode_json(content)


def test_a_sandbox_page_decodes_to_the_same_values(sandbox, blend):
    token = blend.http.tokens.access_token(blend.http.auth.credentials)
    response = blend.http.client.get(
        "/orders", params={"page_size": 25}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert decode_json(response.content) == json.loads(response.content)


def test_a_list_parses_to_the_same_orders_as_one_at_a_time(sandbox, blend):
    token = blend.http.tokens.access_token(blend.http.auth.credentials)
    raw = blend.http.client.get(
        "/orders", params={"page_size": 25}, headers={"Authorization": f"Bearer {token}"}
    )
    items = json.loads(raw.content)
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
