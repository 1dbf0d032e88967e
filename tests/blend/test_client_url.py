"""`BlendHTTP._url`: the absolute URL of a Blend call, built and parsed once, is the URL httpx built
from the relative path and `params` (what the client sent before)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from apps.blend.errors import BlendNotFound
from apps.blend.http import BlendHTTP, _query_value

CASES = [
    ("/orders/{order_id}", {"order_id": "0b7f6a2e-1111-4222-8333-944444444444"}, None),
    ("/orders/{order_id}", {"order_id": "EXT 42/ä?#&"}, {}),
    ("/orders", None, {"page": 2, "page_size": 25, "status": ["paused", "exception"], "x": None}),
    ("/orders", None, {"has_unmatched_prescriptions": True, "q": "Ann O'Hara & Co +1 (555) 0100"}),
    ("/search/orders", None, {"q": "ä ö/?=#%", "limit": 50}),
    ("/patients/{patient_id}/orders", {"patient_id": "p 1"}, {"page": 1, "flag": False}),
]


@pytest.mark.parametrize(("template", "path", "params"), CASES)
def test_it_is_the_url_httpx_builds_from_the_relative_path_and_params(template, path, params):
    http = BlendHTTP(base_url="https://blend.example.com/api/v1/", email="e", password="p")
    relative = template.format(**{k: quote(str(v), safe="") for k, v in (path or {}).items()})
    query = {k: _query_value(v) for k, v in (params or {}).items() if v is not None}
    expected = http.client.build_request("GET", relative, params=query).url
    assert http._url(template, path, params) == expected
    assert str(http._url(template, path, params)) == str(expected)
    http.close()


@pytest.mark.parametrize("value", ["", ".", "..", "%2E%2E", "%2e.", "%252E%252E"])
def test_it_refuses_a_path_value_that_would_change_the_blend_path(value):
    http = BlendHTTP(base_url="https://blend.example.com/api/v1/", email="e", password="p")
    with pytest.raises(BlendNotFound):
        http._url("/orders/{order_id}/products/{product_id}", {"order_id": "ORD1", "product_id": value}, None)
    http.close()


def test_a_dot_id_sends_nothing_to_blend(sandbox, blend):
    with pytest.raises(BlendNotFound):
        blend.order_get(order_id="..")
    assert [p for m, p in sandbox.faults.seen if not p.startswith("/auth/")] == []


def test_dots_inside_an_id_are_kept(sandbox):
    http = BlendHTTP(base_url="https://blend.example.com/api/v1", email="e", password="p")
    assert str(http._url("/orders/{order_id}", {"order_id": "a..b"}, None)).endswith("/orders/a..b")
    http.close()
