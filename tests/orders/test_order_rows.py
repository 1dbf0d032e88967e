"""The order list's rows, prepared in Python: the same links, badge, date and flags the template
used to compute per row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from apps.blend.models import Order
from apps.core.reversing import url_pattern
from apps.orders import rules
from apps.orders.rows import order_row
from apps.orders.templatetags.orders_tags import status_badge
from tests.orders.helpers import find_order

SUPPORT_PERMS = frozenset({rules.VIEW, rules.EDIT, rules.CHANGE_STATUS, rules.CANCEL})


def make_order(**fields) -> Order:
    base = {"id": "0b7f6a2e-1111-4222-8333-944444444444", "order_number": "BL-1001", "status": "received"}
    return Order.model_validate({**base, **fields})


@pytest.mark.parametrize("order_id", ["0b7f6a2e-1111-4222-8333-944444444444", "EXT 42", "ext-é"])
@pytest.mark.parametrize("name", ["orders:detail", "orders:actions_menu"])
def test_order_url_matches_reverse(name, order_id):
    assert url_pattern(name, 1).url(order_id) == reverse(name, args=[order_id])


def test_created_is_shown_in_the_site_time_zone_as_the_date_filter_would(settings):
    settings.TIME_ZONE = "America/New_York"
    created = datetime(2026, 1, 15, 3, 30, tzinfo=UTC)
    row = order_row(make_order(created_at=created.isoformat()), status_names={}, perms=SUPPORT_PERMS)
    expected = Template('{{ value|date:"Y-m-d H:i" }}').render(Context({"value": created}))
    assert row.created == expected == "2026-01-14 22:30"


def test_a_missing_created_date_is_blank():
    assert order_row(make_order(), status_names={}, perms=SUPPORT_PERMS).created == ""


def test_flags_name_each_request_on_the_order():
    order = make_order(
        priority_requested=True,
        cancellation_requested=True,
        replacement_request_status="pending",
        is_replacement=True,
    )
    flags = order_row(order, status_names={}, perms=SUPPORT_PERMS).flags
    assert [(f.css, f.text, f.title) for f in flags] == [
        ("badge badge-picked", "Priority", "Priority requested"),
        ("badge badge-exception", "Cancellation requested", "Cancellation requested"),
        ("badge badge-paused", "Replacement pending", "Replacement request"),
        ("badge", "Replacement order", "This order replaces another"),
    ]


def test_the_order_page_shows_the_same_flags_as_the_row(support_client, sandbox):
    found = find_order(sandbox, "received")
    sandbox.state.orders.edit(found["id"])["priority_requested"] = True
    html = support_client.get(f"/orders/{found['id']}/").content.decode()
    badge = '<span class="badge badge-picked" title="Priority requested">Priority</span>'
    assert f'<p class="small">{badge} </p>' in html


def test_no_flags_on_a_plain_order():
    assert order_row(make_order(), status_names={}, perms=SUPPORT_PERMS).flags == ()


def test_the_actions_menu_is_offered_only_when_an_action_is_possible():
    received, delivered = make_order(), make_order(status="delivered", replacement_request_status="pending")
    assert order_row(received, status_names={}, perms=SUPPORT_PERMS).actions_url
    assert order_row(received, status_names={}, perms=frozenset({rules.VIEW})).actions_url == ""
    assert order_row(delivered, status_names={}, perms=SUPPORT_PERMS).actions_url == ""


def test_the_row_shows_blends_status_name_patient_and_product_count():
    order = make_order(
        patient={"first_name": "Ada", "last_name": "Lovelace"},
        products={"prescription": [{"id": "p1"}], "non_prescription": [{"id": "n1"}, {"id": "n2"}]},
    )
    row = order_row(order, status_names={"received": "Received by pharmacy"}, perms=SUPPORT_PERMS)
    assert (row.reference, row.patient_name, row.product_count) == ("BL-1001", "Ada Lovelace", 3)
    assert "Received by pharmacy" in row.status_badge and 'data-status="received"' in row.status_badge


def test_an_order_without_number_is_called_by_its_id():
    row = order_row(make_order(order_number=""), status_names={}, perms=SUPPORT_PERMS)
    assert row.reference == "0b7f6a2e-1111-4222-8333-944444444444"


def test_the_row_html_escapes_every_value_blend_sent():
    order = make_order(
        id='o"1<',
        order_number="<b>BL-1</b>",
        status="received",
        patient={"first_name": "Ada & <i>Bob</i>", "last_name": "O'Hara"},
        replacement_request_status='"><img src=x>',
    )
    html = order_row(order, status_names={"received": "<em>odd</em>"}, perms=SUPPORT_PERMS).html
    for raw in ("<b>", "<i>", "<em>", "<img", 'o"1<'):
        assert raw not in html
    assert "&lt;b&gt;BL-1&lt;/b&gt;" in html and "Ada &amp; &lt;i&gt;Bob&lt;/i&gt; O&#x27;Hara" in html
    assert 'data-status="received">&lt;em&gt;odd&lt;/em&gt;</span>' in html
    assert "Replacement &quot;&gt;&lt;img src=x&gt;" in html
    assert 'id="order-row-o&quot;1&lt;"' in html and 'href="/orders/o%221%3C/"' in html


def test_the_row_html_has_the_cells_and_the_actions_menu_only_when_an_action_is_possible():
    order = make_order(patient={"first_name": "Ada", "last_name": "Lovelace"}, priority_requested=True)
    row = order_row(order, status_names={}, perms=SUPPORT_PERMS)
    html = row.html
    assert html.startswith(f'<tr id="order-row-{row.id}">') and html.rstrip().endswith("</tr>")
    assert html.count("<td") == 7
    assert f'<a href="{row.url}">BL-1001</a>' in html and "<td>Ada Lovelace</td>" in html
    assert '<span class="badge badge-picked" title="Priority requested">Priority</span>' in html
    assert f'hx-get="{row.actions_url}"' in html
    view_only = order_row(order, status_names={}, perms=frozenset({rules.VIEW})).html
    assert "row-actions" not in view_only and "<td>Ada Lovelace</td>" in view_only


def test_a_row_without_patient_shows_a_dash():
    assert "<td>—</td>" in order_row(make_order(), status_names={}, perms=SUPPORT_PERMS).html


def test_the_status_badge_escapes_a_status_it_does_not_know():
    html = status_badge('"><x', {'"><x': "<b>New</b>"})
    assert '"><x' not in html and "<b>" not in html
    assert (
        html
        == '<span class="badge badge-unknown" data-status="&quot;&gt;&lt;x">&lt;b&gt;New&lt;/b&gt;</span>'
    )
