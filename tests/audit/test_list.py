from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from apps.audit.models import AuditEntry
from tests.orders.helpers import find_order
from tests.patients.helpers import find_patient

pytestmark = pytest.mark.django_db


def _entry(*, days_ago: int = 0, **fields) -> AuditEntry:
    defaults = {"username": "alice", "role": "Support", "action": "order.pause", "target_type": "order"}
    entry = AuditEntry.objects.create(**{**defaults, "target_id": "1", "outcome": "ok", **fields})
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return entry


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def test_it_is_forbidden_to_clinic_staff(clinic_client):
    response = clinic_client.get("/audit/")
    assert response.status_code == 403
    assert b"You are not allowed to see this page" in response.content


def test_it_is_forbidden_to_support_and_outsiders(support_client, outsider_client):
    assert support_client.get("/audit/").status_code == 403
    assert outsider_client.get("/audit/").status_code == 403


def test_it_lists_entries_newest_first(manager_client):
    _entry(target_id="old", days_ago=2)
    _entry(target_id="new", outcome="refused", error_message="Order is shipped")
    response = manager_client.get("/audit/")
    assert [e.target_id for e in response.context["page"]] == ["new", "old"]
    html = response.text
    assert '<span class="badge badge-refused">Refused</span>' in html
    assert "Order is shipped" in html


def test_it_filters_by_user_action_and_target(manager_client):
    _entry(username="alice", target_id="111")
    _entry(username="bob", target_id="222")
    _entry(username="bob", action="patient.edit", target_type="patient", target_id="333")
    response = manager_client.get("/audit/", {"user": "BOB", "action": "order.", "target_id": "222"})
    assert [e.target_id for e in response.context["page"]] == ["222"]


def test_it_filters_by_date_range_inclusive(manager_client):
    for days_ago in (0, 3, 5, 8):
        _entry(target_id=f"d{days_ago}", days_ago=days_ago)
    response = manager_client.get("/audit/", {"date_from": _day(5), "date_to": _day(3)})
    assert [e.target_id for e in response.context["page"]] == ["d3", "d5"]


def test_it_shows_a_reversed_date_range_error_at_the_field(manager_client):
    _entry()
    response = manager_client.get("/audit/", {"date_from": _day(1), "date_to": _day(3)})
    assert response.context["form"].errors == {"date_to": ["Must be on or after the From date."]}
    assert b'<p class="field-error" role="alert">Must be on or after the From date.</p>' in response.content
    assert len(response.context["page"]) == 0


def test_it_shows_an_invalid_date_error_at_the_field(manager_client):
    response = manager_client.get("/audit/", {"date_from": "yesterday"})
    assert b'<p class="field-error" role="alert">Enter a valid date.</p>' in response.content


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_it_shows_a_date_out_of_range_at_the_field(manager_client, field, day):
    response = manager_client.get("/audit/", {field: day})
    assert response.status_code == 200
    assert response.context["form"].errors == {field: ["Enter a date between 01/01/1900 and 12/31/9998."]}


def test_it_renders_only_the_results_fragment_for_htmx(manager_client, htmx_headers):
    _entry(target_id="777")
    response = manager_client.get("/audit/", {"target_id": "777"}, headers=htmx_headers)
    assert response.text.lstrip().startswith('<section id="audit-results">')
    assert "<html" not in response.text
    assert "777" in response.text
    assert "HX-Request" in response["Vary"]


def test_it_wires_the_filter_form_for_htmx_with_a_pushed_url(manager_client):
    html = manager_client.get("/audit/").text
    assert 'hx-get="/audit/" hx-target="#audit-results"' in html
    assert 'hx-push-url="true"' in html
    assert 'action="/audit/"' in html


def test_it_paginates_fifty_per_page_keeping_filters(manager_client):
    AuditEntry.objects.bulk_create(
        AuditEntry(
            username="alice", action="order.pause", target_type="order", target_id=str(i), outcome="ok"
        )
        for i in range(120)
    )
    first = manager_client.get("/audit/", {"user": "alice"})
    assert len(first.context["page"]) == 50
    assert 'href="?user=alice&amp;page=2"' in first.text
    third = manager_client.get("/audit/", {"user": "alice", "page": 3})
    assert len(third.context["page"]) == 20


def test_it_shows_the_last_page_for_an_out_of_range_page(manager_client):
    _entry()
    response = manager_client.get("/audit/", {"page": 99})
    assert response.context["page"].number == 1


def test_the_action_filter_is_a_select_of_recorded_actions_and_areas(manager_client):
    _entry(action="order.pause")
    _entry(action="patient.view")
    html = manager_client.get("/audit/").content.decode()
    select = html[html.index('name="action"') :].split("</select>")[0]
    assert '<option value="order.pause">' in select and '<option value="order.">' in select
    assert "Any action" in select


def test_an_action_that_was_never_recorded_is_refused_at_the_field(manager_client):
    response = manager_client.get("/audit/", {"action": "<script>"})
    assert "Select a valid choice" in response.content.decode()


def test_an_order_target_links_to_the_order_and_others_do_not(manager_client):
    _entry(action="access.denied", target_type="route", target_id="orders:action", days_ago=1)
    _entry(action="order.pause", target_type="order", target_id="ORD-1042")  # listed first
    html = manager_client.get("/audit/").content.decode()
    assert '<a href="/orders/ORD-1042/"><code>ORD-1042</code></a>' in html
    assert '<a href="/orders/ORD-1042/"><code>orders:action</code></a>' not in html
    assert "<code>orders:action</code>" in html


# --- naming what a row points at (issue 13, item 20) ----------------------------------------------


def _some_prescriber(sandbox) -> dict:
    return sorted(sandbox.state.prescribers.rows(), key=lambda row: row["id"])[0]


def test_it_names_the_order_patient_and_prescriber_a_row_points_at(manager_client, sandbox):
    order = find_order(sandbox, "paused")
    patient = find_patient(sandbox)
    prescriber = _some_prescriber(sandbox)
    _entry(target_type="order", target_id=order["id"])
    _entry(action="patient.view", target_type="patient", target_id=patient["id"])
    _entry(action="prescriber.view", target_type="prescriber", target_id=prescriber["id"])
    html = manager_client.get("/audit/").text
    assert f'<a href="/orders/{order["id"]}/" title="{order["id"]}">{order["order_number"]}</a>' in html
    patient_name = " ".join(
        p for p in (patient["first_name"], patient.get("middle_name"), patient["last_name"]) if p
    )
    assert f'title="{patient["id"]}">{patient_name}</a>' in html
    assert f'title="{prescriber["id"]}">{prescriber["first_name"]} ' in html
    # the names come from Blend when the page shows them; the log itself keeps ids only
    assert not AuditEntry.objects.filter(target_id__contains=patient["last_name"]).exists()


def test_a_page_that_names_patients_is_audited_as_a_view_of_them(manager_client, manager_user, sandbox):
    for patient in sorted(sandbox.state.patients.rows(), key=lambda row: row["id"])[:2]:
        _entry(action="patient.view", target_type="patient", target_id=patient["id"])
    _entry(target_type="order", target_id=find_order(sandbox, "paused")["id"])
    manager_client.get("/audit/")
    row = AuditEntry.objects.get(action="audit.list")
    assert (row.username, row.target_id, row.outcome) == (
        manager_user.username,
        "audit_entry: 3, patient: 2",
        "ok",
    )


def test_the_fragment_names_the_rows_too(manager_client, sandbox, htmx_headers):
    order = find_order(sandbox, "paused")
    _entry(target_type="order", target_id=order["id"])
    response = manager_client.get("/audit/", headers=htmx_headers)
    assert "<html" not in response.text
    assert f">{order['order_number']}</a>" in response.text


@pytest.mark.parametrize("fault", ["timeout", 500, 404])
def test_when_blend_cannot_name_a_row_its_id_shows(manager_client, sandbox, fault):
    order = find_order(sandbox, "paused")
    sandbox.faults.add(fault, path="/orders/", times=20)
    _entry(target_type="order", target_id=order["id"])
    response = manager_client.get("/audit/")
    assert response.status_code == 200
    assert f'<a href="/orders/{order["id"]}/"><code>{order["id"]}</code></a>' in response.text
    assert order["order_number"] not in response.text


def test_an_id_that_is_not_an_id_is_shown_and_never_sent_to_blend(manager_client, sandbox):
    _entry(target_type="patient", target_id="../orders")
    response = manager_client.get("/audit/")
    assert "<code>../orders</code>" in response.text
    assert not [path for method, path in sandbox.faults.seen if "orders" in path]


# --- actions in words (issue 20, item 12) ---------------------------------------------------------


def test_it_shows_each_action_in_words(manager_client):
    _entry(action="order.pause")
    _entry(action="team.role.Support", target_type="user", target_id="7")
    html = manager_client.get("/audit/").text
    assert ">Paused order</td>" in html
    assert ">Changed role to Support</td>" in html
    assert "<code>order.pause</code>" not in html


def test_the_action_filter_offers_actions_in_words(manager_client):
    _entry(action="order.pause")
    html = manager_client.get("/audit/").text
    assert '<option value="order.pause">Paused order</option>' in html
    assert '<option value="order.">Orders: any action</option>' in html


def test_a_role_change_done_on_the_team_page_reads_in_words(manager_client, support_user):
    page = manager_client.get("/team/").text
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    manager_client.post(f"/team/{support_user.pk}/role/", {"token": token, "role": "Clinic staff"})
    assert ">Changed role to Clinic staff</td>" in manager_client.get("/audit/").text


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("order.request_cancellation", "Requested cancellation of order"),
        ("team.role.none", "Took away the role of"),
        ("event.receive", "Event: receive"),  # an action not listed still reads as words
    ],
)
def test_every_action_reads_as_words(code, words):
    assert AuditEntry(action=code).action_words == words
