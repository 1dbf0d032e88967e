"""`BlendHTTP._url`: the absolute URL of a Blend call, built and parsed once, is the URL httpx built
from the relative path and `params` (what the client sent before)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

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
