from __future__ import annotations

import logging

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django_htmx.middleware import HtmxDetails

from apps.blend import errors
from apps.core.middleware import BlendErrorMiddleware

pytestmark = pytest.mark.django_db

UNAVAILABLE = [
    errors.BlendConnectionError,
    errors.BlendTimeout,
    errors.BlendServerError,
    errors.BlendMalformedResponse,
    errors.BlendRateLimited,
    errors.BlendUnauthorized,
    errors.BlendForbidden,
]


def _request(user, path: str = "/audit/?user=Jane+Doe", **headers):
    request = RequestFactory().get(path, headers=headers)
    request.user = user
    request.htmx = HtmxDetails(request)
    request.request_id = "req-abcdef12"
    request.resolver_match = resolve("/audit/")
    return request


def _process(request, exception):
    return BlendErrorMiddleware(lambda r: None).process_exception(request, exception)


@pytest.mark.parametrize("error_class", UNAVAILABLE)
def test_it_renders_blend_unavailable_with_a_retry_link(manager_user, error_class):
    response = _process(_request(manager_user), error_class("secret detail"))
    assert response.status_code == 503
    html = response.content.decode()
    assert error_class.user_message.replace("'", "&#x27;") in html
    assert 'href="/audit/?user=Jane+Doe">Try again</a>' in html
    assert "secret detail" not in html
    assert 'class="topbar"' in html


def test_it_renders_not_found_for_blend_not_found(manager_user):
    response = _process(_request(manager_user), errors.BlendNotFound())
    assert response.status_code == 404
    assert b"Blend has no record with that id." in response.content


@pytest.mark.parametrize("error_class", [*UNAVAILABLE, errors.BlendNotFound])
def test_it_answers_htmx_with_a_header_and_no_swap(manager_user, error_class):
    response = _process(_request(manager_user, HX_Request="true"), error_class())
    assert response.status_code == (404 if error_class is errors.BlendNotFound else 503)
    assert response["X-BlendAdmin-Message"] == error_class.user_message
    assert response["HX-Reswap"] == "none"
    assert b"<html" not in response.content


@pytest.mark.parametrize("exception", [ValueError(), KeyError("x")])
def test_it_leaves_errors_that_are_not_blends_alone(manager_user, exception):
    assert _process(_request(manager_user), exception) is None


def test_it_logs_the_route_pattern_not_the_path(manager_user, caplog):
    with caplog.at_level(logging.WARNING, logger="apps.core.middleware"):
        _process(_request(manager_user), errors.BlendTimeout())
    assert "BlendTimeout" in caplog.text
    assert "audit/" in caplog.text
    assert "req-abcdef12" in caplog.text
    assert "Jane" not in caplog.text


def test_it_handles_errors_raised_by_a_real_view(manager_client, monkeypatch):
    def broken(**kwargs):
        raise errors.BlendServerError()

    monkeypatch.setattr("apps.audit.views.audit_entry_list", broken)
    response = manager_client.get("/audit/")
    assert response.status_code == 503
    assert response["X-Request-ID"]


def test_it_turns_an_unexpected_blend_refusal_into_a_friendly_page(rf):
    from django.contrib.auth.models import AnonymousUser

    from apps.blend.errors import BlendConflict
    from apps.core.middleware import BlendErrorMiddleware

    request = rf.get("/orders/x/")
    request.user = AnonymousUser()
    request.htmx = False
    middleware = BlendErrorMiddleware(lambda r: None)
    response = middleware.process_exception(request, BlendConflict("Order ORD1 moved"))
    assert response.status_code == 502
    assert "Order ORD1 moved" not in response.content.decode()
