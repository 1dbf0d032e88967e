"""Keyboard triage on every list (issue 23): each list page marks its table (or list) for static/js/keys.js
(`data-keyboard-list`), in the full page and in the fragment an HTMX swap brings, and every signed-in
page carries the keys help that "?" opens, with its on/off switch. The keys themselves are tried in a
browser (tests/browser/test_list_keys.py)."""

from __future__ import annotations

import re
from html import escape

import pytest

from apps.accounts.roles import ROLE_MANAGER, ROLE_SUPPORT
from apps.accounts.testing import make_user
from tests.bulk.helpers import dry_run, orders_in
from tests.patients.helpers import patient_with_orders

pytestmark = pytest.mark.django_db


def _first_task_word(sandbox) -> str:
    return sorted(sandbox.state.tasks.rows(), key=lambda t: t["id"])[0]["name"].split()[0]


def _a_patient_with_orders(sandbox) -> str:
    return patient_with_orders(sandbox, more_than=0)["id"]


# (role, url or a function of the sandbox giving it, the list's name, a row link it must hold)
LISTS = [
    ("support", "/orders/", "orders", r'href="/orders/[^"/]+/" data-row-open'),
    ("clinic", "/patients/", "patients", r'href="/patients/[^"/]+/"'),
    ("clinic", "/prescribers/", "prescribers", r'href="/prescribers/[^"/]+/"'),
    ("clinic", "/catalog/", "products", r'href="/catalog/\w+/[^"/]+/"'),
    ("clinic", "/catalog/inventory/", "lots", r'href="/catalog/inventory/[^"/]+/"'),
    ("clinic", "/catalog/formulas/", "formulas", r'href="/catalog/prescription/[^"/]+/"'),
    ("clinic", "/", "recent-orders", r'href="/orders/[^"/]+/"'),
    ("manager", "/audit/", "audit", None),
    ("manager", "/events/", "events", None),
    ("manager", "/team/", "team", None),
    ("clinic", lambda sandbox: f"/tasks/?q={_first_task_word(sandbox)}", "tasks", r'href="/tasks/[^"/]+/"'),
    (
        "clinic",
        lambda sandbox: f"/patients/{_a_patient_with_orders(sandbox)}/",
        "patient-orders",
        r'href="/orders/',
    ),
]


def _client(request, role):
    return request.getfixturevalue(f"{role}_client")


def _list_markup(html: str, name: str) -> str:
    found = re.search(rf'<(table|ul)\b[^>]*data-keyboard-list="{name}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, f'no list marked data-keyboard-list="{name}"'
    return found.group(2)


@pytest.mark.parametrize(("role", "url", "name", "row_link"), LISTS, ids=[item[2] for item in LISTS])
def test_every_list_is_marked_for_the_keys(request, sandbox, role, url, name, row_link):
    url = url(sandbox) if callable(url) else url
    response = _client(request, role).get(url)
    assert response.status_code == 200
    markup = _list_markup(response.text, name)
    if row_link:
        assert re.search(row_link, markup), "the list's rows have no link for Enter to open"


@pytest.mark.parametrize(
    ("role", "url", "name"),
    [
        ("support", "/orders/?page=2", "orders"),
        ("clinic", "/patients/?page=2", "patients"),
        ("clinic", "/prescribers/?page=2", "prescribers"),
        ("clinic", "/catalog/?page=2", "products"),
        ("clinic", "/catalog/inventory/?show=expired", "lots"),
        ("manager", "/audit/?page=1", "audit"),
        ("manager", "/events/?page=1", "events"),
    ],
)
def test_the_fragment_a_swap_brings_keeps_the_mark(request, htmx_headers, role, url, name):
    response = _client(request, role).get(url, headers=htmx_headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    _list_markup(response.text, name)


def test_the_orders_bulk_boxes_are_what_x_ticks(support_client):
    markup = _list_markup(support_client.get("/orders/").text, "orders")
    boxes = re.findall(r"<input[^>]*data-row-select[^>]*>", markup)
    assert boxes and all('form="bulk-form"' in box and 'type="checkbox"' in box for box in boxes)


def test_clinic_staff_have_no_boxes_to_tick(clinic_client):
    assert "data-row-select" not in _list_markup(clinic_client.get("/orders/").text, "orders")


def test_a_bulk_runs_orders_are_a_list(support_client, sandbox):
    run = dry_run(support_client, "pause", [r["id"] for r in orders_in(sandbox, "received", 2)])
    markup = _list_markup(support_client.get(f"/orders/bulk/{run.pk}/").text, "bulk-items")
    assert len(re.findall(r'href="/orders/[^"/]+/"', markup)) == 2


def test_a_page_with_a_list_carries_the_keys_help_and_its_switch(support_client):
    html = support_client.get("/orders/").text
    dialog = re.search(r'<dialog id="keys-help".*?</dialog>', html, re.S)
    assert dialog, "no keys help"
    help_text = dialog.group(0)
    assert 'aria-labelledby="keys-help-title"' in help_text
    for key in ("/", "?", "j", "k", "x", "Enter", "Esc"):
        assert f"<kbd>{key}</kbd>" in help_text
    assert "data-shortcut-toggle" in help_text and "data-keys-close" in help_text
    assert re.search(r"<button[^>]*data-keys-open[^>]*aria-haspopup=\"dialog\"", html), "no button opens it"
    assert re.search(r'<script src="/static/js/keys\.js" defer', html)


def test_the_keys_help_is_in_no_inline_script(support_client):
    html = support_client.get("/orders/").text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_a_signed_out_page_has_no_keys_help(client):
    html = client.get("/accounts/login/").text
    assert 'id="keys-help"' not in html and "data-keys-open" not in html


def test_saved_views_are_one_list_across_their_tables(support_client, support_user):
    from tests.savedviews.helpers import index_now, saved

    index_now()
    mine = saved(support_user, "Exceptions", "status=exception")
    theirs = saved(make_user(ROLE_MANAGER), "Paused", "status=paused", shared_with=ROLE_SUPPORT)
    html = support_client.get("/orders/views/").text
    lists = re.findall(r'<table\b[^>]*data-keyboard-list="saved-views"[^>]*>(.*?)</table>', html, re.S)
    assert len(lists) == 2
    assert escape(mine.url) in lists[0] and escape(theirs.url) in lists[1]
