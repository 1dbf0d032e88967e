"""The home page: what each role starts from, counted from Blend's list headers in one round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

OPEN = ("received", "data_entry", "picked", "verified", "paused", "exception")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _queue(response) -> dict[str, int]:
    return {item.label: item.count for item in response.context["home"].queue}


def _rows(sandbox, where) -> list[dict]:
    return [row for row in sandbox.state.orders.rows() if where(row)]


def test_it_counts_what_needs_attention_as_the_sandbox_holds_it(support_client, sandbox):
    day_ago = _iso(datetime.now(UTC) - timedelta(days=1))
    queue = _queue(support_client.get("/"))
    assert queue["Orders in exception"] == len(_rows(sandbox, lambda r: r["status"] == "exception"))
    assert queue["All paused orders"] == len(_rows(sandbox, lambda r: r["status"] == "paused"))
    assert queue["Paused for more than a day"] == len(
        _rows(sandbox, lambda r: r["status"] == "paused" and r["updated_at"] < day_ago)
    )
    assert queue["Cancellation requested"] == len(
        _rows(sandbox, lambda r: r["status"] in OPEN and r.get("cancellation_requested"))
    )
    assert queue["Priority requested"] == len(
        _rows(sandbox, lambda r: r["status"] in OPEN and r.get("priority_requested"))
    )


def test_it_counts_unmatched_prescriptions_from_blends_header(support_client, blend):
    expected = blend.order_list(page_size=1, has_unmatched_prescriptions=True).total_count
    assert _queue(support_client.get("/"))["With unmatched prescriptions"] == expected


def test_it_links_each_count_the_order_list_can_filter(support_client):
    response = support_client.get("/")
    assert 'href="/orders/?status=exception"' in response.text
    assert 'href="/orders/?status=paused"' in response.text
    assert 'href="/orders/?unmatched=1"' in response.text


def test_it_reads_counts_in_one_round_without_reading_every_order(support_client, sandbox):
    support_client.get("/")
    lists = [path for method, path in sandbox.faults.seen if path.startswith("/orders")]
    assert len(lists) == 5
    assert not any("page=2" in path for path in lists)


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


def test_a_timeout_leaves_the_counts_it_feeds_saying_so(support_client, sandbox):
    sandbox.faults.add("timeout", path="/orders", times=60)
    response = support_client.get("/")
    assert response.status_code == 200
    counts = _queue(response)
    assert counts.pop("Stuck at Blend") == 0  # from the events BlendAdmin received, not from Blend
    assert set(counts.values()) == {None}
    assert "Blend did not answer; try Refresh" in response.text


def test_a_server_error_leaves_the_page_standing(support_client, sandbox):
    sandbox.faults.add(500, path="/orders", times=60)
    response = support_client.get("/")
    assert response.status_code == 200 and "Needs attention" in response.text


def test_a_refused_list_leaves_the_page_standing(support_client, sandbox):
    sandbox.faults.add(422, path="/orders")
    assert support_client.get("/").status_code == 200


def test_a_manager_without_a_daily_report_still_gets_the_page(manager_client, sandbox):
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


def test_it_shows_counts_the_order_list_cannot_filter_without_a_link(support_client):
    items = {item.label: item for item in support_client.get("/").context["home"].queue}
    for label in ("Paused for more than a day", "Cancellation requested", "Replacement requested"):
        assert items[label].href == ""


def test_it_counts_a_pending_replacement_on_a_recent_delivery(support_client, sandbox):
    newest = max(_rows(sandbox, lambda r: r["status"] == "delivered"), key=lambda r: r["created_at"])
    before = _queue(support_client.get("/"))["Replacement requested"]
    sandbox.state.orders.edit(newest["id"])["replacement_request_status"] = "pending"
    response = support_client.get("/")
    assert _queue(response)["Replacement requested"] == before + 1
    assert "most recent only" not in response.text  # says what a person needs, not how it was counted


def test_clinic_staffs_recent_orders_are_audited_as_a_view(clinic_client, clinic_user):
    from apps.audit.models import AuditEntry

    clinic_client.get("/")
    (entry,) = AuditEntry.objects.filter(action="home.recent_orders")
    assert (entry.username, entry.outcome, entry.target_type) == (clinic_user.username, "ok", "order")


def test_a_partial_count_says_at_least_unless_it_found_none(support_client, sandbox):
    for row in _rows(sandbox, lambda r: r.get("replacement_request_status") == "pending"):
        sandbox.state.orders.edit(row["id"])["replacement_request_status"] = None
    assert '<span class="queue-count">0</span> Replacement requested' in support_client.get("/").text
    newest = max(_rows(sandbox, lambda r: r["status"] == "delivered"), key=lambda r: r["created_at"])
    sandbox.state.orders.edit(newest["id"])["replacement_request_status"] = "pending"
    html = support_client.get("/").text
    at_least = '<span class="queue-count"><span class="queue-at-least">at least</span> 1</span>'
    assert f"{at_least} Replacement requested" in html
