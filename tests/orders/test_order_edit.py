from __future__ import annotations

import re

import pytest

from apps.audit.actor import Actor
from apps.core.once import token_new
from apps.core.writes import Refused
from apps.orders import services
from tests.orders.helpers import audit_rows, find_order, set_status, writes


def _url(order_id: str) -> str:
    return f"/orders/{order_id}/edit/"


def _form(row, **changes) -> dict[str, str]:
    """The edit form as the page fills it for `row`, with `changes`."""
    address = row["address"]
    shipping = row["shipping"] or {}
    data = {
        "address_1": address["address_1"],
        "address_2": address["address_2"] or "",
        "city": address["city"],
        "state": address["state"],
        "zip_code": address["zip_code"],
        "external_id": row["external_id"] or "",
        "carrier": shipping.get("carrier") or "",
        "service_level": shipping.get("service_level") or "",
        "token": token_new(),
    }
    return {**data, **changes}


def test_it_shows_the_form_filled_from_the_order(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    response = clinic_client.get(_url(order["id"]))
    assert response.status_code == 200
    assert f'value="{order["address"]["address_1"]}"' in response.content.decode()
    assert "Ground Advantage" in response.content.decode()  # Blend's shipping options


def test_it_changes_the_order_address_only(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    patient_before = sandbox.state.patients.get(order["_patient_id"])["address"]
    response = clinic_client.post(_url(order["id"]), _form(order, address_1="1 New Street", zip_code="02108"))
    assert response.status_code == 302
    assert sandbox.state.orders.get(order["id"])["address"]["address_1"] == "1 New Street"
    assert sandbox.state.orders.get(order["id"])["address"]["zip_code"] == "02108"
    assert sandbox.state.patients.get(order["_patient_id"])["address"] == patient_before
    assert audit_rows("order.update")[0].outcome == "ok"


def test_it_can_change_the_patients_address_too(clinic_client, sandbox):
    order = find_order(sandbox, "paused")
    clinic_client.post(_url(order["id"]), _form(order, address_1="9 Elm Road", update_patient="on"))
    assert sandbox.state.patients.get(order["_patient_id"])["address"]["address_1"] == "9 Elm Road"


def test_it_sets_a_shipping_preference_whose_carrier_and_level_agree(clinic_client, sandbox):
    order = find_order(sandbox, "exception")
    clinic_client.post(_url(order["id"]), _form(order, carrier="ups", service_level="ups_ground"))
    assert sandbox.state.orders.get(order["id"])["shipping"] == {
        "carrier": "ups",
        "service_level": "ups_ground",
    }


def test_it_clears_the_shipping_preference(clinic_client, sandbox):
    order = find_order(sandbox, "received", lambda r: bool(r["shipping"]))
    clinic_client.post(_url(order["id"]), _form(order, carrier="", service_level=""))
    assert sandbox.state.orders.get(order["id"])["shipping"] is None


def test_it_refuses_a_service_level_of_another_carrier_at_the_field(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    response = clinic_client.post(_url(order["id"]), _form(order, carrier="usps", service_level="ups_ground"))
    assert response.status_code == 200
    assert (
        "UPS Ground is a UPS service level; choose a USPS level or no carrier." in response.content.decode()
    )
    assert writes(sandbox) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("zip_code", "ABCDE", "Use a 5-digit ZIP code"),
        ("state", "California", "Choose a US state."),
        ("state", "C1", "Choose a US state."),
        ("address_1", "", "This field is required."),
        ("service_level", "teleport", "Select a valid choice."),
    ],
)
def test_it_shows_bad_input_at_the_field_and_sends_nothing(field, value, message, clinic_client, sandbox):
    order = find_order(sandbox, "received")
    response = clinic_client.post(_url(order["id"]), _form(order, **{field: value}))
    html = response.content.decode()
    assert message in html[html.index(f'name="{field}"') :].split("</div>")[0]
    assert writes(sandbox) == []


def test_it_changes_the_external_id(clinic_client, sandbox):
    order = find_order(sandbox, "picked")
    clinic_client.post(_url(order["id"]), _form(order, external_id="MY-NEW-ID-1"))
    assert sandbox.state.orders.get(order["id"])["external_id"] == "MY-NEW-ID-1"


def test_it_shows_blends_refusal_at_the_field(clinic_client, sandbox):
    order, other = [r for r in sandbox.state.orders.rows() if r["status"] == "received" and r["external_id"]][
        :2
    ]
    response = clinic_client.post(_url(order["id"]), _form(order, external_id=other["external_id"]))
    html = response.content.decode()
    assert "Another order already uses this external_id." in html[html.index('name="external_id"') :]
    assert audit_rows("order.update")[0].outcome == "refused"


def test_it_sends_nothing_when_nothing_changed(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    response = clinic_client.post(_url(order["id"]), _form(order))
    assert response.status_code == 302
    assert writes(sandbox) == []


def test_in_data_entry_the_address_and_shipping_can_change(clinic_client, sandbox):
    order = find_order(sandbox, "data_entry")
    assert 'name="address_1"' in clinic_client.get(_url(order["id"])).content.decode()


@pytest.mark.parametrize("status", ["verified", "shipped", "delivered", "cancelled"])
def test_outside_the_shipping_statuses_only_the_external_id_can_change(status, clinic_client, sandbox):
    order = find_order(sandbox, status)
    page = clinic_client.get(_url(order["id"])).content.decode()
    assert 'name="address_1"' not in page
    assert "accepts changes to the address and shipping preference only while" in page
    clinic_client.post(
        _url(order["id"]),
        {"external_id": "LATE-FIX-7", "address_1": "ignored", "carrier": "ups", "token": token_new()},
    )
    row = sandbox.state.orders.get(order["id"])
    assert (row["external_id"], row["address"], row["shipping"]) == (
        "LATE-FIX-7",
        order["address"],
        order["shipping"],
    )


def test_the_service_rechecks_the_status_before_sending_a_shipping_change(clinic_user, sandbox):
    order = find_order(sandbox, "received")
    set_status(sandbox, order["id"], "shipped")  # the edit page was shown while it was received
    with pytest.raises(Refused, match="it is now Shipping"):
        services.order_update(
            actor=Actor(user=clinic_user), order_id=order["id"], changes={"address": order["address"]}
        )
    assert writes(sandbox) == []
    assert audit_rows("order.update")[0].outcome == "refused"


def test_it_explains_blends_conflict(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.faults.add(409, method="PUT")
    response = clinic_client.post(_url(order["id"]), _form(order, city="Boston"))
    follow = clinic_client.get(response["Location"]).content.decode()
    assert "changed since this page was shown" in follow


def test_it_says_so_when_the_update_times_out(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.faults.add("timeout", method="PUT")
    response = clinic_client.post(_url(order["id"]), _form(order, city="Boston"))
    follow = clinic_client.get(response["Location"]).content.decode()
    assert "did not answer in time" in follow
    assert audit_rows("order.update")[0].outcome == "failed"


def test_a_resent_form_changes_the_order_once(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    form = _form(order, city="Boston")
    clinic_client.post(_url(order["id"]), form)
    second = clinic_client.post(_url(order["id"]), {**form, "city": "Austin"})
    assert [m for m, _ in writes(sandbox)] == ["PUT"]
    assert "already sent once" in clinic_client.get(second["Location"]).content.decode()


def test_a_forged_token_sends_nothing(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    response = clinic_client.post(_url(order["id"]), _form(order, city="Boston", token="made-up"))
    assert response.status_code == 200 and "out of date" in response.content.decode()
    assert writes(sandbox) == []


def test_a_form_shown_before_blend_changed_the_order_sends_nothing(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    page = clinic_client.get(_url(order["id"])).content.decode()
    seen = re.search(r'name="seen_updated_at" value="([^"]+)"', page).group(1)
    sandbox.state.orders.edit(order["id"])["updated_at"] = "2030-01-01T00:00:00Z"
    sandbox.state.orders.edit(order["id"])["address"]["city"] = "Changed Elsewhere"
    response = clinic_client.post(_url(order["id"]), _form(order, city="Boston", seen_updated_at=seen))
    assert writes(sandbox) == []
    html = response.content.decode()
    assert "changed at Blend since this form was opened" in html
    assert 'value="Changed Elsewhere"' in html
    assert audit_rows("order.update")[0].outcome == "refused"


def test_an_unknown_order_gets_the_404_page(clinic_client):
    assert clinic_client.get(_url("ORD000000000000NOPE")).status_code == 404


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_may_edit(persona, request, sandbox):
    order = find_order(sandbox, "received")
    assert request.getfixturevalue(persona).get(_url(order["id"])).status_code == 200


def test_a_user_without_a_role_is_forbidden(outsider_client, sandbox):
    order = find_order(sandbox, "received")
    assert outsider_client.post(_url(order["id"]), _form(order, city="X")).status_code == 403
    assert writes(sandbox) == []


def test_without_the_patients_permission_the_patients_address_stays(sandbox, db):
    from django.contrib.auth.models import Permission
    from django.test import Client

    from apps.accounts.testing import make_user

    user = make_user(None)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_orders", "edit_orders"]))
    client = Client()
    client.force_login(user)
    order = find_order(sandbox, "received")
    assert 'name="update_patient"' not in client.get(_url(order["id"])).content.decode()
    client.post(_url(order["id"]), _form(order, city="Boston", update_patient="on"))
    assert sandbox.state.orders.get(order["id"])["address"]["city"] == "Boston"
    assert sandbox.state.patients.get(order["_patient_id"])["address"]["city"] != "Boston"


def test_the_audit_row_shows_what_changed_before_and_after(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    clinic_client.post(_url(order["id"]), _form(order, city="Boston", external_id="NEW-7"))
    detail = audit_rows("order.update")[0].error_message
    assert f"city: {order['address']['city']} → Boston" in detail
    assert f"external_id: {order['external_id'] or '—'} → NEW-7" in detail


def test_the_page_stands_when_the_shipping_options_fail(support_client, sandbox):
    # GET /orders/shipping_options is an inferred endpoint: its failure gives way to a note
    order = find_order(sandbox, "received")
    sandbox.faults.add(500, path="/orders/shipping_options", times=60)
    response = support_client.get(f"/orders/{order['id']}/edit/")
    assert response.status_code == 200
    assert "shipping options could not be read just now" in response.text
    assert 'name="external_id"' in response.text and 'name="carrier"' not in response.text
