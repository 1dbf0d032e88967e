"""Every order write form, fuzzed with a real one-time token (so each example gets past the token
to the fields): no 500, at most one write, and input that breaks a rule of the form sends nothing
to Blend and tells the user so. Whether an example breaks a rule is decided here, from the rule as
the user is told it, not by asking the form: a validation taken out of the form makes these fail."""

from __future__ import annotations

import re
from urllib.parse import quote

from hypothesis import assume, example, given
from hypothesis import strategies as st

from apps.core.once import token_new
from apps.orders import rules
from apps.orders.forms import MAX_QUANTITY
from apps.orders.views import actions, edit, lines
from tests.fuzz.checks import send, told_no
from tests.fuzz.strategies import FUZZ, MAYBE, TEXT, VALUE, query
from tests.orders.helpers import find_order, writes

ZIP = re.compile(r"\d{5}(-\d{4})?")
BAD_ZIP = VALUE.filter(lambda zip_code: not ZIP.fullmatch(zip_code.strip()))
TEXT_LIMIT = 1000  # what the action forms say a comment or reason may hold
LONG = st.text(min_size=TEXT_LIMIT + 1, max_size=TEXT_LIMIT + 50).filter(
    lambda t: len(t.strip()) > TEXT_LIMIT
)
WHOLE = re.compile(r"[+-]?\d+", re.ASCII)


def _valid_address(order) -> dict[str, str]:
    address = order.get("address") or {}
    return {
        "address_1": address.get("address_1") or "1 Main St",
        "city": address.get("city") or "Phoenix",
        "state": address.get("state") or "AZ",
        "zip_code": address.get("zip_code") or "85001",
    }


@FUZZ
@given(
    zip_code=BAD_ZIP,
    others=query(
        address_2=MAYBE, update_patient=MAYBE, external_id=st.one_of(st.none(), TEXT.map(str.strip))
    ),
)
@example(zip_code="8500", others={})
def test_the_edit_form_refuses_a_bad_zip_at_the_field_and_sends_nothing(
    support_client, sandbox, zip_code, others
):
    order = find_order(sandbox, "received")
    data = {**_valid_address(order), "external_id": order.get("external_id") or "x", **others}
    post = {**data, "zip_code": zip_code, "token": token_new()}
    response, sent = send(
        support_client, sandbox, "post", f"/orders/{order['id']}/edit/", edit.order_edit, post
    )
    assert sent == 0
    assert told_no(response)


@FUZZ
@given(
    changes=query(
        address_1=MAYBE,
        address_2=MAYBE,
        city=MAYBE,
        state=st.one_of(st.none(), st.sampled_from(["AZ", "CA", "az", "ZZ"]), VALUE),
        zip_code=st.one_of(st.none(), st.from_regex(ZIP, fullmatch=True), VALUE),
        update_patient=MAYBE,
        external_id=MAYBE,
    ),
    status=st.sampled_from(["received", "verified", "delivered"]),
)
def test_the_edit_form_takes_any_change_to_a_valid_form(support_client, sandbox, changes, status):
    order = find_order(sandbox, status)
    data = {**_valid_address(order), "external_id": order.get("external_id") or "", **changes}
    path = f"/orders/{order['id']}/edit/"
    response, sent = send(
        support_client, sandbox, "post", path, edit.order_edit, {**data, "token": token_new()}
    )
    assert sent <= 1  # sent once, or refused with a reason shown, or nothing changed (back to the order)
    assert sent == 1 or told_no(response) or response.status_code == 302


def _not_asked_yet(row) -> bool:
    """An order no earlier example asked a cancellation, replacement or priority for (the actions
    that cannot be asked twice)."""
    asked = row.get("cancellation_requested") or row.get("priority_requested")
    return not asked and row.get("replacement_request_status") != "pending"


def _action_breaks_a_rule(action, data) -> bool:
    """The action's comment or reason too long (or holding a NUL, which no text field takes), or the
    reason a replacement needs left empty."""
    if not action.field:
        return False
    text = str(data.get(action.field, ""))
    if len(text.strip()) > TEXT_LIMIT or "\x00" in text:
        return True
    return action.field_required and not text.strip()


@FUZZ
@given(
    data=query(
        return_to=st.one_of(st.none(), st.sampled_from(["detail", "row"]), VALUE),
        comments=st.one_of(MAYBE, LONG),
        reason=st.one_of(MAYBE, LONG),
    ),
    action=st.sampled_from(sorted(rules.ACTIONS)),
    status=st.sampled_from(["received", "paused", "picked", "delivered"]),
    htmx=st.booleans(),
)
@example(data={"comments": "x" * 1001}, action="request_cancellation", status="picked", htmx=True)
@example(data={"reason": " "}, action="replace", status="delivered", htmx=False)
def test_an_action_form_sends_nothing_when_it_breaks_a_rule(
    support_client, sandbox, data, action, status, htmx
):
    order = find_order(sandbox, status, _not_asked_yet)  # earlier examples change the orders they reach
    headers = {"HX-Request": "true"} if htmx else {}
    path = f"/orders/{order['id']}/actions/{action}/"
    post = {**data, "token": token_new(), "confirmed": "1"}
    response, sent = send(support_client, sandbox, "post", path, actions.order_action, post, headers=headers)
    assert sent <= 1
    if _action_breaks_a_rule(rules.ACTIONS[action], data):
        assert sent == 0, data
        assert told_no(response), data
    if data.get("return_to", "") not in ("", "detail", "row"):  # a hidden field: refused unseen
        assert sent == 0, data


def _first_line(sandbox):
    order = find_order(sandbox, "received", lambda row: bool(row["products"].get("prescription")))
    return order, order["products"]["prescription"][0]


def _bad_quantity(raw) -> bool:
    """A quantity that is certainly not a whole number from 1 to MAX_QUANTITY."""
    if raw is None:
        return True
    text = str(raw).strip()
    if WHOLE.fullmatch(text):
        digits = text.lstrip("+-").lstrip("0")
        return (
            text.startswith("-")
            or len(digits) > len(str(MAX_QUANTITY))
            or not 1 <= int(digits or 0) <= MAX_QUANTITY
        )
    return not any(c.isdigit() for c in text)


@FUZZ
@given(
    data=query(
        order_item_id=st.one_of(MAYBE, st.text(min_size=65, max_size=80)),
        quantity=st.one_of(st.none(), VALUE, st.integers(-10, MAX_QUANTITY + 10).map(str)),
    ),
    htmx=st.booleans(),
)
@example(data={"quantity": "0"}, htmx=False)
@example(data={"quantity": str(MAX_QUANTITY + 1)}, htmx=True)
def test_a_quantity_form_sends_nothing_for_a_bad_quantity(support_client, sandbox, data, htmx):
    order, line = _first_line(sandbox)
    headers = {"HX-Request": "true"} if htmx else {}
    path = f"/orders/{order['id']}/lines/prescription/{line['id']}/quantity/"
    post = {**data, "token": token_new()}
    response, sent = send(support_client, sandbox, "post", path, lines.line_quantity, post, headers=headers)
    assert sent <= 1
    if _bad_quantity(data.get("quantity")) or len(data.get("order_item_id", "").strip()) > 64:
        assert sent == 0, data
        assert told_no(response), data


@FUZZ
@given(data=query(order_item_id=st.one_of(MAYBE, st.text(min_size=65, max_size=80))), htmx=st.booleans())
def test_a_remove_form_takes_any_line_id(support_client, sandbox, data, htmx):
    order, line = _first_line(sandbox)
    headers = {"HX-Request": "true"} if htmx else {}
    path = f"/orders/{order['id']}/lines/prescription/{line['id']}/remove/"
    post = {**data, "token": token_new()}
    response, sent = send(support_client, sandbox, "post", path, lines.line_remove, post, headers=headers)
    assert sent <= 1
    if len(data.get("order_item_id", "").strip()) > 64:
        assert sent == 0, data
        assert told_no(response), data


@FUZZ
@given(
    data=query(
        product=st.one_of(st.none(), VALUE, VALUE.map(lambda v: f"prescription:{v}")),
        quantity=MAYBE,
        reasons=st.one_of(st.none(), st.lists(VALUE, max_size=3)),
    )
)
def test_the_add_lines_form_sends_nothing_for_a_product_not_in_the_catalog(support_client, sandbox, data):
    order, _ = _first_line(sandbox)
    path = f"/orders/{order['id']}/lines/add/"
    response, sent = send(
        support_client, sandbox, "post", path, lines.lines_add, {**data, "token": token_new()}
    )
    assert sent == 0
    assert told_no(response)


@FUZZ
@given(
    order_id=VALUE.filter(lambda v: v.strip() and "/" not in v and "?" not in v and "#" not in v),
    suffix=st.sampled_from(["", "edit/", "actions/", "actions/pause/", "lines/add/"]),
)
def test_any_order_id_in_the_url_answers_without_a_500(support_client, sandbox, order_id, suffix):
    assume(order_id not in (".", ".."))
    path = f"/orders/{quote(order_id, safe='')}/{suffix}"
    before = len(writes(sandbox))
    if suffix.endswith("pause/"):
        response = support_client.post(path, {"token": token_new(), "confirmed": "1"})
    else:
        response = support_client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    assert len(writes(sandbox)) == before


@FUZZ
@given(token=st.one_of(st.just(""), VALUE), action=st.sampled_from(sorted(rules.ACTIONS)), htmx=st.booleans())
@example(token="0 0", action="pause", htmx=False)
def test_an_action_with_a_token_it_did_not_issue_sends_nothing(support_client, sandbox, token, action, htmx):
    order = find_order(sandbox, "received")
    headers = {"HX-Request": "true"} if htmx else {}
    post = {"token": token, "confirmed": "1", "comments": "ok", "reason": "damaged"}
    path = f"/orders/{order['id']}/actions/{action}/"
    response, sent = send(support_client, sandbox, "post", path, actions.order_action, post, headers=headers)
    assert sent == 0
    assert told_no(response)
