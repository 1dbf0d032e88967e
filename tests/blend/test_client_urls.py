"""The URL of a Blend call: ids quoted as one path segment, a dot segment refused before anything is
sent, the query as Blend reads it (lists comma-joined, booleans as true/false)."""

from __future__ import annotations

import httpx
import pytest

from apps.blend.errors import BlendNotFound
from tests.blend.test_client_core import mock_client


def _seen(calls):
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        one = request.url.path.startswith("/api/v1/orders/")
        return httpx.Response(200, json={"id": "o1"} if one else [], headers={"X-Total-Count": "0"})

    return handler


def test_an_id_is_quoted_as_one_path_segment():
    calls = []
    mock_client(_seen(calls)).order_get(order_id="EXT 42/ä?#&")
    assert calls[-1].raw_path.decode() == "/api/v1/orders/EXT%2042%2F%C3%A4%3F%23%26"


def test_dots_inside_an_id_are_kept():
    calls = []
    mock_client(_seen(calls)).order_get(order_id="a..b")
    assert calls[-1].path == "/api/v1/orders/a..b"


def test_the_query_lists_statuses_comma_joined_and_leaves_out_what_is_not_asked():
    calls = []
    mock_client(_seen(calls)).order_list(page=2, page_size=25, statuses=["paused", "exception"])
    params = calls[-1].params
    assert (params["page"], params["page_size"], params["status"]) == ("2", "25", "paused,exception")
    assert "has_unmatched_prescriptions" not in params


@pytest.mark.parametrize("value", ["", ".", "..", "%2E%2E", "%2e.", "%252E%252E"])
def test_it_refuses_a_path_value_that_would_change_the_blend_path(value):
    calls = []
    with pytest.raises(BlendNotFound):
        mock_client(_seen(calls)).order_get(order_id=value)
    assert calls == []


def test_a_dot_id_sends_nothing_to_the_sandbox(sandbox, blend):
    with pytest.raises(BlendNotFound):
        blend.order_get(order_id="..")
    assert [p for m, p in sandbox.faults.seen if not p.startswith("/auth/")] == []
