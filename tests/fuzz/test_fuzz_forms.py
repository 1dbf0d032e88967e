"""Every write form, fuzzed: no 500, and a form that fails validation sends nothing to Blend."""

from __future__ import annotations

import re

from hypothesis import assume, example, given
from hypothesis import strategies as st

from apps.orders import rules
from apps.orders.forms import ActionForm, LineQuantityForm, LineRemoveForm
from tests.fuzz.strategies import FUZZ, MAYBE, VALUE, query
from tests.orders.helpers import find_order, writes

ZIP = re.compile(r"\d{5}(-\d{4})?")
BAD_ZIP = VALUE.filter(lambda zip_code: not ZIP.fullmatch(zip_code.strip()))


def _post(client, sandbox, path, data, **extra):
    before = len(writes(sandbox))
    response = client.post(path, data, **extra)
    assert response.status_code < 500, (path, data, response.status_code)
    return response, len(writes(sandbox)) - before


@FUZZ
@given(
    data=query(
        address_1=MAYBE,
        address_2=MAYBE,
        city=MAYBE,
        state=st.one_of(st.none(), st.sampled_from(["AZ", "az", "ZZ"]), VALUE),
        zip_code=BAD_ZIP,
        update_patient=MAYBE,
        carrier=MAYBE,
        service_level=MAYBE,
        external_id=MAYBE,
    )
)
def test_the_edit_form_sends_nothing_with_a_bad_zip(support_client, sandbox, data):
    order = find_order(sandbox, "received")
    _, sent = _post(support_client, sandbox, f"/orders/{order['id']}/edit/", data)
    assert sent == 0


@FUZZ
@given(
    data=query(
        address_1=MAYBE,
        address_2=MAYBE,
        city=MAYBE,
        state=MAYBE,
        zip_code=st.one_of(st.none(), st.from_regex(ZIP, fullmatch=True), VALUE),
        update_patient=MAYBE,
        carrier=MAYBE,
        service_level=MAYBE,
        external_id=MAYBE,
    ),
    status=st.sampled_from(["received", "verified", "delivered"]),
)
def test_the_edit_form_takes_any_input(support_client, sandbox, data, status):
    order = find_order(sandbox, status)
    _, sent = _post(support_client, sandbox, f"/orders/{order['id']}/edit/", data)
    assert sent <= 1  # a valid form is sent once (Blend may still refuse it)


ACTION_DATA = query(
    token=st.one_of(st.none(), st.just(""), VALUE),
    return_to=st.one_of(st.none(), st.sampled_from(["detail", "row"]), VALUE),
    confirmed=MAYBE,
    comments=MAYBE,
    reason=MAYBE,
)


@FUZZ
@given(
    data=ACTION_DATA,
    action=st.sampled_from(sorted(rules.ACTIONS)),
    status=st.sampled_from(["received", "paused", "picked", "delivered"]),
    htmx=st.booleans(),
)
def test_an_action_form_sends_nothing_when_invalid(support_client, sandbox, data, action, status, htmx):
    order = find_order(sandbox, status)
    form = ActionForm(data, action=rules.ACTIONS[action])
    headers = {"HX-Request": "true"} if htmx else {}
    _, sent = _post(
        support_client, sandbox, f"/orders/{order['id']}/actions/{action}/", data, headers=headers
    )
    assert sent <= 1
    if not form.is_valid():
        assert sent == 0, form.errors


def _first_line(sandbox):
    order = find_order(sandbox, "received", lambda row: bool(row["products"].get("prescription")))
    line = order["products"]["prescription"][0]
    return order, line


@FUZZ
@given(
    data=query(token=MAYBE, order_item_id=MAYBE, quantity=st.one_of(st.none(), VALUE)),
    htmx=st.booleans(),
)
@example(data={"token": "0 0", "quantity": "1"}, htmx=False)
def test_a_quantity_form_sends_nothing_when_invalid(support_client, sandbox, data, htmx):
    order, line = _first_line(sandbox)
    headers = {"HX-Request": "true"} if htmx else {}
    path = f"/orders/{order['id']}/lines/prescription/{line['id']}/quantity/"
    _, sent = _post(support_client, sandbox, path, data, headers=headers)
    assert sent <= 1
    if not LineQuantityForm(data).is_valid():
        assert sent == 0


@FUZZ
@given(data=query(token=MAYBE, order_item_id=MAYBE), htmx=st.booleans())
@example(data={"token": "0 0"}, htmx=False)
def test_a_remove_form_sends_nothing_when_invalid(support_client, sandbox, data, htmx):
    order, line = _first_line(sandbox)
    headers = {"HX-Request": "true"} if htmx else {}
    path = f"/orders/{order['id']}/lines/prescription/{line['id']}/remove/"
    _, sent = _post(support_client, sandbox, path, data, headers=headers)
    assert sent <= 1
    if not LineRemoveForm(data).is_valid():
        assert sent == 0


@FUZZ
@given(
    data=query(
        token=MAYBE,
        product=st.one_of(st.none(), VALUE, VALUE.map(lambda v: f"prescription:{v}")),
        quantity=MAYBE,
        reasons=st.one_of(st.none(), st.lists(VALUE, max_size=3)),
    )
)
def test_the_add_lines_form_sends_nothing_for_an_unknown_product(support_client, sandbox, data):
    order, _ = _first_line(sandbox)
    _, sent = _post(support_client, sandbox, f"/orders/{order['id']}/lines/add/", data)
    assert sent == 0


@FUZZ
@given(
    order_id=VALUE.filter(lambda v: v.strip() and "/" not in v and "?" not in v and "#" not in v),
    suffix=st.sampled_from(["", "edit/", "actions/", "actions/pause/", "lines/add/"]),
)
def test_any_order_id_in_the_url_answers_without_a_500(support_client, sandbox, order_id, suffix):
    assume(order_id not in (".", ".."))
    from urllib.parse import quote

    path = f"/orders/{quote(order_id, safe='')}/{suffix}"
    before = len(writes(sandbox))
    response = support_client.post(path, {}) if suffix.endswith("pause/") else support_client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    assert len(writes(sandbox)) == before
