from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from apps.core.middleware import RequestContextMiddleware
from apps.core.net import client_ip, request_id

pytestmark = pytest.mark.django_db


def test_it_echoes_a_sane_request_id_from_a_proxy_configured_to_set_it(client, settings):
    settings.REQUEST_ID_FROM_PROXY = True
    response = client.get("/healthz", headers={"X-Request-ID": "lb-0123456789abcdef"})
    assert response["X-Request-ID"] == "lb-0123456789abcdef"


def test_it_makes_its_own_request_id_when_no_proxy_sets_one(client, settings):
    """Without a proxy that sets it, the header is the client's: it does not choose its audit id."""
    settings.REQUEST_ID_FROM_PROXY = False
    response = client.get("/healthz", headers={"X-Request-ID": "chosen-by-the-client"})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.parametrize("incoming", ["", "short", "has spaces in it", "x" * 200, "evil\r\nheader: 1"])
def test_it_replaces_an_odd_request_id(incoming, settings):
    settings.REQUEST_ID_FROM_PROXY = True
    request = RequestFactory().get("/", headers={"X-Request-ID": incoming} if incoming else {})
    assert re.fullmatch(r"[0-9a-f]{32}", request_id(request))


def test_it_sets_a_new_request_id_on_every_response(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_it_uses_remote_addr_without_proxies(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    request = RequestFactory(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4").get("/")
    assert client_ip(request) == "10.0.0.5"


@pytest.mark.parametrize(
    ("proxy_count", "forwarded", "expected"),
    [
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the client made up the first entry
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),
        (2, "1.2.3.4", "10.0.0.9"),  # fewer entries than proxies: not trusted
    ],
)
def test_it_trusts_only_entries_added_by_our_proxies(settings, proxy_count, forwarded, expected):
    settings.AXES_IPWARE_PROXY_COUNT = proxy_count
    request = RequestFactory(REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded).get("/")
    assert client_ip(request) == expected


def test_it_puts_both_on_the_request(settings):
    settings.REQUEST_ID_FROM_PROXY = True
    seen = {}

    def view(request):
        seen.update(ip=request.client_ip, rid=request.request_id)
        return HttpResponse()

    request = RequestFactory(REMOTE_ADDR="192.0.2.1").get("/", headers={"X-Request-ID": "abcdefgh-1234"})
    response = RequestContextMiddleware(view)(request)
    assert seen == {"ip": "192.0.2.1", "rid": "abcdefgh-1234"}
    assert response["X-Request-ID"] == "abcdefgh-1234"
