"""The base layout: navigation (with a test URLconf where every section exists), search, badges,
toasts, HTMX wiring and CSP-compatibility."""

from __future__ import annotations

import re

import pytest
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path

from apps.core import context_processors, nav

pytestmark = pytest.mark.django_db


def _page(request):
    messages.success(request, "Order 42 paused.")
    return render(request, "home/home.html")


urlpatterns = [
    path("", include("apps.core.urls")),
    path("", include("apps.home.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("page/", _page),
    path("orders/", include(([path("", lambda r: HttpResponse(), name="list")], "orders"))),
    path("patients/", include(([path("", lambda r: HttpResponse(), name="list")], "patients"))),
    path("prescribers/", include(([path("", lambda r: HttpResponse(), name="list")], "prescribers"))),
    path("catalog/", include(([path("", lambda r: HttpResponse(), name="list")], "catalog"))),
    path("reports/", include(([path("", lambda r: HttpResponse(), name="index")], "reports"))),
    path("audit/", include("apps.audit.urls")),
    path("search/", include(([path("", lambda r: HttpResponse(), name="results")], "search"))),
]


@pytest.fixture(autouse=True)
def all_sections(settings):
    """Every section exists here, and /page/ renders the layout whatever the real URLconf holds."""
    settings.ROOT_URLCONF = __name__


def _nav(html: str) -> list[str]:
    nav = re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)
    return re.findall(r">(\w+)</a>", nav)


def test_it_shows_clinic_staff_their_sections(clinic_client):
    assert _nav(clinic_client.get("/page/").text) == ["Orders", "Patients", "Prescribers", "Catalog"]


def test_it_shows_support_the_same_sections(support_client):
    assert _nav(support_client.get("/page/").text) == ["Orders", "Patients", "Prescribers", "Catalog"]


def test_it_shows_managers_every_section(manager_client):
    nav = _nav(manager_client.get("/page/").text)
    assert nav == ["Orders", "Patients", "Prescribers", "Catalog", "Reports", "Audit"]


def test_it_shows_outsiders_no_section(outsider_client):
    assert _nav(outsider_client.get("/page/").text) == []


def test_it_marks_the_current_section(manager_client):
    html = manager_client.get("/audit/").text
    assert '<a href="/audit/" class="active" aria-current="page">Audit</a>' in html


def test_it_hides_sections_that_do_not_exist_yet(manager_client, monkeypatch):
    monkeypatch.setattr(nav, "_sections", dict(nav._sections))
    nav.add_section("Nowhere", "nowhere:list", "accounts.view_orders", position=5)
    assert "Nowhere" not in _nav(manager_client.get("/page/").text)


def test_it_shows_the_search_box_when_search_exists(clinic_client):
    html = clinic_client.get("/page/").text
    form = '<form class="search" role="search" method="get" action="/search/" aria-label="Everything">'
    assert form in html
    assert 'name="q"' in html


def test_it_hides_the_search_box_while_search_does_not_exist(clinic_client, monkeypatch):
    real = context_processors._reverse_or_none
    monkeypatch.setattr(
        context_processors, "_reverse_or_none", lambda name: None if name == "search:results" else real(name)
    )
    html = clinic_client.get("/page/").text
    assert 'role="search"' not in html
    assert "Orders" in html


def test_it_shows_the_sandbox_badge_only_on_the_sandbox(settings, clinic_client):
    assert ">Sandbox</span>" in clinic_client.get("/page/").text
    settings.BLEND_API_URL = "https://blend.example.com/api/v1"
    assert ">Sandbox</span>" not in clinic_client.get("/page/").text


def test_it_renders_messages_as_toasts(clinic_client):
    html = clinic_client.get("/page/").text
    # Not a live region: app.js says the message through the announcer.
    toast = '<div class="toast toast-success"><span class="toast-message">Order 42 paused.</span>'
    assert toast in html


def test_it_wires_htmx_csrf_and_config(clinic_client):
    html = clinic_client.get("/page/").text
    assert re.search(r"<body hx-headers='\{\"x-csrftoken\": \"[A-Za-z0-9]{32,}\"\}'", html)
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html
    assert "django_htmx/htmx-2.min.js" in html
    assert "js/app.js" in html


def test_it_has_no_inline_script_style_or_hx_on(clinic_client):
    response = clinic_client.get("/page/")
    html = response.text
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "<style" not in html
    assert " style=" not in html
    assert "hx-on" not in html
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]


def test_it_gives_scripts_the_csp_nonce(clinic_client):
    response = clinic_client.get("/page/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert response.text.count(f'nonce="{nonce}"') >= 2
