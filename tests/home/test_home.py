"""The home page: what each role starts from; every counter exact, from the order index, and
opening the order list of exactly its orders."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apps.orderindex import services

pytestmark = pytest.mark.django_db

OPEN = ("received", "data_entry", "picked", "verified", "paused", "exception")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _queue(response) -> dict[str, int]:
    return {item.label: item.count for item in response.context["home"].queue}


def _rows(sandbox, where) -> list[dict]:
    return [row for row in sandbox.state.orders.rows() if where(row)]


@pytest.fixture
def indexed(sandbox):
    services.order_index_sync()


def _shown(client, href: str) -> int:
    """How many orders the order list at `href` shows (its exact count, or its rows)."""
    html = client.get(href).text
    found = re.search(r"Orders [\d,]+–[\d,]+ of ([\d,]+)", html)
    if found:
        return int(found.group(1).replace(",", ""))
    return len(re.findall(r'<tr id="order-row-', html))


def test_it_counts_what_needs_attention_as_the_sandbox_holds_it(indexed, support_client, sandbox):
    day_ago = _iso(datetime.now(UTC) - timedelta(days=1))
    queue = _queue(support_client.get("/"))
    assert queue["Orders in exception"] == len(_rows(sandbox, lambda r: r["status"] == "exception"))
    assert queue["All paused orders"] == len(_rows(sandbox, lambda r: r["status"] == "paused"))
    assert queue["Paused for more than a day"] == len(
        _rows(sandbox, lambda r: r["status"] == "paused" and r["updated_at"] < day_ago)
    )
    assert queue["Cancellation requested, not yet shipped"] == len(
        _rows(sandbox, lambda r: r["status"] in OPEN and r.get("cancellation_requested"))
    )
    assert queue["Priority requested, not yet shipped"] == len(
        _rows(sandbox, lambda r: r["status"] in OPEN and r.get("priority_requested"))
    )
    assert queue["Replacement requested"] == len(
        _rows(sandbox, lambda r: r.get("replacement_request_status") == "pending")
    )


def test_it_counts_unmatched_prescriptions_exactly(indexed, support_client, blend):
    expected = blend.order_list(page_size=1, has_unmatched_prescriptions=True).total_count
    assert _queue(support_client.get("/"))["With unmatched prescriptions"] == expected


def test_each_counter_opens_the_list_of_exactly_its_orders(indexed, support_client, sandbox):
    paused = _rows(sandbox, lambda r: r["status"] == "paused")[0]
    sandbox.state.orders.edit(paused["id"])["priority_requested"] = True  # no counter stays at 0 alone
    services.order_index_sync()
    items = support_client.get("/").context["home"].queue
    assert len(items) == 9 and all(item.href.startswith("/orders/?") for item in items)
    assert sum(item.count for item in items) > 0
    for item in items:
        assert _shown(support_client, item.href) == item.count, item.label


def test_counters_link_to_their_list_oldest_first(indexed, support_client):
    html = support_client.get("/").text
    assert 'href="/orders/?status=exception&amp;sort=created"' in html
    assert 'href="/orders/?unmatched=on&amp;sort=created"' in html
    assert 'href="/orders/?request=replacement&amp;sort=created"' in html


def test_it_says_how_old_the_oldest_order_of_a_counter_is(indexed, support_client, sandbox):
    oldest = min(_rows(sandbox, lambda r: r["status"] == "exception"), key=lambda r: r["created_at"])
    created = datetime.fromisoformat(oldest["created_at"].replace("Z", "+00:00"))
    sandbox.state.orders.edit(oldest["id"])["created_at"] = _iso(created - timedelta(days=400))
    services.order_index_sync()
    items = {item.label: item for item in support_client.get("/").context["home"].queue}
    assert items["Orders in exception"].oldest.startswith("1\xa0year")


def test_it_counts_from_the_index_without_asking_blend(indexed, support_client, sandbox):
    sandbox.faults.seen.clear()
    response = support_client.get("/")
    assert "order index as of" in response.text
    assert not [p for _, p in sandbox.faults.seen if p.startswith("/orders")]


def test_a_new_index_says_it_is_counting(support_client, sandbox):
    response = support_client.get("/")
    assert "The order index is being built for the first time" in response.text
    assert set(_queue(response).values()) == {None}


def test_it_gives_clinic_staff_a_search_and_recent_orders(clinic_client, sandbox):
    response = clinic_client.get("/")
    assert 'action="/orders/"' in response.text and 'name="q"' in response.text
    newest = max(sandbox.state.orders.rows(), key=lambda r: r["created_at"])
    assert f'href="/orders/{newest["id"]}/"' in response.text
    assert "Needs attention" in response.text


def test_it_gives_managers_todays_numbers_and_report_links(manager_client, blend):
    today = timezone.localdate()
    expected = blend.report_daily(start_date=today, end_date=today).totals
    response = manager_client.get("/")
    assert response.context["home"].today == expected
    assert 'href="/reports/daily/"' in response.text
    assert "Needs attention" in response.text


def test_it_shows_each_role_only_what_it_may_open(support_client, clinic_client):
    support = support_client.get("/").text
    assert "/reports/" not in support and 'name="q" maxlength' not in support.split("</header>")[1]
    assert "Recent orders" not in support
    assert "/reports/" not in clinic_client.get("/").text


def test_it_welcomes_users_without_a_role_without_calling_blend(outsider_client, sandbox):
    response = outsider_client.get("/")
    assert response.status_code == 200
    assert b"Your account has no BlendAdmin role yet" in response.content
    assert not [p for _, p in sandbox.faults.seen if not p.startswith("/auth")]


def test_it_answers_htmx_with_the_queue_fragment(support_client, htmx_headers):
    response = support_client.get("/", headers=htmx_headers)
    assert "<html" not in response.text
    assert 'id="home-queue"' in response.text


def test_it_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_timeout_leaves_the_counts_standing(indexed, support_client, sandbox):
    sandbox.faults.add("timeout", path="/orders", times=60)
    response = support_client.get("/")
    assert response.status_code == 200
    assert None not in _queue(response).values()  # counted from the index, not from Blend


def test_a_server_error_leaves_the_page_standing(support_client, sandbox):
    sandbox.faults.add(500, path="/orders", times=60)
    response = support_client.get("/")
    assert response.status_code == 200 and "Needs attention" in response.text


def test_a_refused_list_leaves_the_page_standing(support_client, sandbox):
    sandbox.faults.add(422, path="/orders")
    assert support_client.get("/").status_code == 200


def test_a_manager_without_a_daily_report_still_gets_the_page(indexed, manager_client, sandbox):
    sandbox.faults.add(404, path="/reports/daily")
    response = manager_client.get("/")
    assert response.status_code == 200
    assert "Today's numbers could not be read from Blend just now." in response.text
    assert _queue(response)["Orders in exception"] is not None  # the rest shows


def test_clinic_staff_get_the_page_when_recent_orders_fail(clinic_client, sandbox):
    sandbox.faults.add(503, path="/orders", times=60)
    response = clinic_client.get("/")
    assert response.status_code == 200
    assert "The most recent orders could not be read from Blend just now." in response.text
    assert 'id="home-q"' in response.text  # the search still works


def test_it_counts_a_pending_replacement_on_any_delivery(indexed, support_client, sandbox):
    oldest = min(_rows(sandbox, lambda r: r["status"] == "delivered"), key=lambda r: r["created_at"])
    before = _queue(support_client.get("/"))["Replacement requested"]
    sandbox.state.orders.edit(oldest["id"])["replacement_request_status"] = "pending"
    services.order_index_sync()
    response = support_client.get("/")
    assert _queue(response)["Replacement requested"] == before + 1
    assert "at least" not in response.text and "most recent only" not in response.text


def test_clinic_staffs_recent_orders_are_audited_as_a_view(clinic_client, clinic_user):
    from apps.audit.models import AuditEntry

    clinic_client.get("/")
    (entry,) = AuditEntry.objects.filter(action="home.recent_orders")
    assert (entry.username, entry.outcome, entry.target_type) == (clinic_user.username, "ok", "order")
