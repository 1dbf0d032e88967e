"""Every URL in the URLconf sends an anonymous visitor to the login page, except the few listed here.
New pages are covered automatically."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters
from django.urls.resolvers import RoutePattern

PUBLIC = {
    "accounts/login/",
    "healthz",
    "accounts/set-password/<str:uidb64>/<str:token>/",  # an invited user's one-time link (apps/team)
    "accounts/set-password/done/",
    "webhooks/blend/",  # Blend's deliveries: its bearer secret instead (tests/events/test_webhook.py)
}
CANDIDATES = ["1", "abc", str(uuid.UUID(int=1)), "abc/def", "prescription"]
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _dummy(match: re.Match) -> str:
    converter = get_converters()[match.group("converter") or "str"]
    return next(value for value in CANDIDATES if re.fullmatch(converter.regex, value))


def _routes(patterns, prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        assert isinstance(pattern.pattern, RoutePattern), f"Use path(), not re_path(): {pattern}"
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


ROUTES = _routes(get_resolver().url_patterns)


def test_it_finds_the_frame_routes():
    assert {"", "healthz", "accounts/login/", "accounts/logout/", "audit/"} <= set(ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r not in PUBLIC])
def test_it_sends_anonymous_visitors_to_login(client, route):
    path = "/" + PARAMETER.sub(_dummy, route)
    response = client.get(path)
    assert response.status_code == 302, path
    assert response.url.startswith(f"/accounts/login/?next={path}"), response.url


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz"])
def test_it_serves_public_pages_anonymously(client, path):
    assert client.get(path).status_code == 200
