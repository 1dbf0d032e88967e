"""What screen readers and keyboards get from every page's markup (issue 20, items 13-17): one live
region (the announcer) outside what HTMX swaps, field errors under the id their field points at, an
error summary and "Error:" in the title after a form with errors, the idle warning and its keep-alive,
the inventory tabs inside their swap, and no links inside a chart drawn as an image."""

from __future__ import annotations

import re
import time

import pytest

from apps.core.middleware import LAST_ACTIVITY_KEY
from tests.patients.helpers import new_patient_form

pytestmark = pytest.mark.django_db

SWAPPING_PAGES = [
    "/orders/",
    "/patients/",
    "/prescribers/",
    "/catalog/",
    "/catalog/inventory/",
    "/catalog/barcodes/verify/",
    "/search/?q=ab",
    "/reports/daily/",
    "/reports/orders/",
]


@pytest.mark.parametrize("path", SWAPPING_PAGES)
def test_the_announcer_is_the_pages_only_live_region(manager_client, path):
    html = manager_client.get(path).text
    assert re.findall(r"aria-live=\"[a-z]+\"", html) == ['aria-live="polite"']
    assert '<div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>' in html
    assert 'role="status"' not in html


@pytest.mark.parametrize("path", ["/orders/", "/patients/", "/catalog/inventory/"])
def test_a_swapped_list_names_what_it_shows_for_the_announcer(manager_client, htmx_headers, path):
    html = manager_client.get(path, headers=htmx_headers).text
    assert re.search(r"<span data-announce data-swap-focus>\s*\S", html)
    assert "aria-live" not in html


def test_field_errors_carry_the_id_their_field_points_at(clinic_client):
    html = clinic_client.post("/patients/new/", new_patient_form(first_name=None, zip_code="2108")).text
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    missing = [name for names in described for name in names.split() if name not in ids]
    assert missing == []
    assert 'id="id_first_name_error"' in html and 'id="id_zip_code_error"' in html


def test_a_form_with_errors_starts_with_a_summary_and_says_error_in_the_title(clinic_client):
    html = clinic_client.post("/patients/new/", new_patient_form(first_name=None)).text
    assert re.search(r"<title>Error: ", html)
    summary = html[html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))]
    assert '<a href="#id_first_name">' in summary and "This field is required." in summary
    assert html.index("data-error-summary") < html.index('name="first_name"')


def test_a_form_without_errors_has_no_summary(clinic_client):
    html = clinic_client.get("/patients/new/").text
    assert "data-error-summary" not in html
    assert "<title>Error" not in html


def test_a_signed_in_page_carries_the_idle_warning(settings, clinic_client):
    settings.SESSION_IDLE_TIMEOUT = 1800
    html = clinic_client.get("/patients/").text
    assert 'id="idle-warning"' in html
    assert 'data-idle-timeout="1800" data-idle-warn="120" data-idle-slack="60"' in html
    assert 'data-keep-alive-url="/accounts/keep-alive/"' in html


def test_the_sign_in_page_has_no_idle_warning(client):
    assert 'id="idle-warning"' not in client.get("/accounts/login/").text


def test_keep_alive_restarts_the_idle_clock(clinic_client):
    session = clinic_client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 50
    session.save()
    assert clinic_client.post("/accounts/keep-alive/").status_code == 204
    assert clinic_client.session[LAST_ACTIVITY_KEY] >= int(time.time()) - 1


def test_keep_alive_is_a_post_for_signed_in_users_only(clinic_client, client):
    assert clinic_client.get("/accounts/keep-alive/").status_code == 405
    response = client.post("/accounts/keep-alive/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_keep_alive_cannot_revive_a_session_that_timed_out(settings, clinic_client):
    settings.SESSION_IDLE_TIMEOUT = 60
    session = clinic_client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 61
    session.save()
    assert clinic_client.post("/accounts/keep-alive/").status_code == 302
    assert clinic_client.get("/patients/").status_code == 302


def test_the_inventory_tabs_follow_the_swap(manager_client, htmx_headers):
    html = manager_client.get("/catalog/inventory/?show=expired", headers=htmx_headers).text
    current = re.findall(r'<a id="lots-tab-(\w+)"[^>]*aria-current="page"', html)
    assert current == ["expired"]


def test_the_status_chart_holds_no_links(manager_client):
    html = manager_client.get("/reports/orders/").text
    chart = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in chart and "<a " not in chart
    assert re.search(r'<th scope="row"><a href="/orders/\?status=', html)
