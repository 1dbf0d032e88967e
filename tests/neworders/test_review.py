"""The review: exactly what will be sent, Blend's merge rule chosen explicitly, one call (composite
when anything is new, the plain order call otherwise), sent once, and Blend's refusal put back at
the step and field it belongs to with nothing left half created."""

from __future__ import annotations

import json
import re

import pytest

from apps.audit.models import AuditEntry
from apps.core.once import token_new
from tests.neworders.helpers import (
    NEW_PATIENT_STEP,
    NEW_PRESCRIBER_STEP,
    SHIPPING_STEP,
    medications_step,
    other_product,
    products_step,
    seeded_patient,
    seeded_prescriber,
    send,
    start,
    step_url,
    walk,
)
from tests.orders.helpers import writes

COMPOSITE = "/prescriptions/electronic_prescriptions/composite"


def _ready(client, sandbox, *, patient=None, prescriber=None, prescribed_here=True):
    draft = start(client)
    prescriber = prescriber or {"mode": "existing", "prescriber_id": seeded_prescriber(sandbox)["id"]}
    walk(
        client,
        draft,
        {
            "patient": patient or NEW_PATIENT_STEP,
            "prescriber": prescriber,
            "medications": medications_step(sandbox, prescribed_here=prescribed_here),
            "products": products_step(("non_prescription", other_product(sandbox)["id"], 2)),
            "shipping": SHIPPING_STEP,
        },
    )
    return draft


def _with_open_order(sandbox):
    """A patient with exactly one open (received) order, and that order."""
    received = [o for o in sandbox.state.orders.rows() if o["status"] == "received"]
    counts = {}
    for o in received:
        counts[o["_patient_id"]] = counts.get(o["_patient_id"], 0) + 1
    order = sorted((o for o in received if counts[o["_patient_id"]] == 1), key=lambda o: o["order_number"])[0]
    return order, {"mode": "existing", "patient_id": order["_patient_id"]}


def _new_quaxley(sandbox):
    return [p for p in sandbox.state.patients.rows() if p["last_name"] == "Quaxley"]


@pytest.fixture
def draft(clinic_client, sandbox):
    return _ready(clinic_client, sandbox)


def test_nothing_is_sent_before_the_review_is_confirmed(clinic_client, draft, sandbox):
    clinic_client.get(step_url(draft, "review"))
    assert writes(sandbox) == []


def test_it_shows_exactly_the_request_it_will_send(clinic_client, draft, sandbox):
    html = clinic_client.get(step_url(draft, "review")).content.decode()
    assert f"POST {COMPOSITE}" in html and "One composite call" in html
    body = json.loads(re.search(r"composite\n(\{.*?\})</pre>", html.replace("&quot;", '"'), re.S).group(1))
    assert body["patient"]["last_name"] == "Quaxley" and body["prescriber"] == {
        "id": seeded_prescriber(sandbox)["id"]
    }
    assert body["electronic_prescription"]["medications"][0]["sig"] == "One capsule daily"
    assert body["order"]["products"]["non_prescription"][0]["quantity"] == 2
    assert "A new patient has no open order" in html and 'name="merge"' not in html


def test_it_answers_htmx_with_the_review_alone(clinic_client, draft, htmx_headers):
    html = clinic_client.get(step_url(draft, "review"), headers=htmx_headers).content.decode()
    assert html.lstrip().startswith('<div id="step">') and "Send the order to Blend" in html


@pytest.mark.parametrize("persona", ["support_client", "outsider_client"])
def test_roles_without_the_permission_are_refused(persona, request, draft, sandbox):
    client = request.getfixturevalue(persona)
    assert client.get(step_url(draft, "review")).status_code == 403
    assert client.post(step_url(draft, "review"), {"token": token_new()}).status_code == 403
    assert writes(sandbox) == []


def test_a_new_patients_order_is_one_composite_call_and_the_result_links_everything(
    clinic_client, draft, sandbox
):
    response = send(clinic_client, draft, merge=None)
    assert writes(sandbox) == [("POST", COMPOSITE)]
    (patient,) = _new_quaxley(sandbox)
    order = next(o for o in sandbox.state.orders.rows() if o["_patient_id"] == patient["id"])
    html = clinic_client.get(response["Location"]).content.decode()
    assert f'href="/orders/{order["id"]}/">{order["order_number"]}' in html
    assert f'href="/patients/{patient["id"]}/">Zebulon Quaxley' in html
    assert f'href="/prescribers/{seeded_prescriber(sandbox)["id"]}/"' in html
    assert order["electronic_prescription_ids"][0] in html


def test_it_audits_everything_it_created(clinic_client, clinic_user, draft, sandbox):
    send(clinic_client, draft, merge=None)
    (patient,) = _new_quaxley(sandbox)
    rows = {e.action: e for e in AuditEntry.objects.filter(user=clinic_user, outcome="ok")}
    assert rows["patient.create"].target_id == patient["id"]
    assert rows["order.create"].target_type == "order" and rows["order.create"].target_id
    assert rows["electronic_prescription.create"].target_type == "eprescription"
    assert "prescriber.create" not in rows  # the prescriber was only referenced


def test_a_new_prescriber_is_created_in_the_same_call(manager_client, manager_user, sandbox):
    draft = _ready(manager_client, sandbox, prescriber=NEW_PRESCRIBER_STEP)
    send(manager_client, draft, merge=None)
    created = next(p for p in sandbox.state.prescribers.rows() if p["npi"] == NEW_PRESCRIBER_STEP["new-npi"])
    assert AuditEntry.objects.get(action="prescriber.create", user=manager_user).target_id == created["id"]
    assert writes(sandbox) == [("POST", COMPOSITE)]


def test_a_known_patient_with_the_prescription_at_blend_is_the_plain_order_call(clinic_client, sandbox):
    patient = seeded_patient(
        sandbox,
        lambda p: (
            not any(
                o["_patient_id"] == p["id"] and o["status"] == "received" for o in sandbox.state.orders.rows()
            )
        ),
    )
    draft = _ready(
        clinic_client,
        sandbox,
        patient={"mode": "existing", "patient_id": patient["id"]},
        prescriber={"mode": "on_file"},
        prescribed_here=False,
    )
    html = clinic_client.get(step_url(draft, "review")).content.decode()
    assert "POST /orders\n" in html and "no open order now" in html
    send(clinic_client, draft, merge="merge")
    assert writes(sandbox) == [("POST", "/orders")]


def test_the_merge_rule_must_be_chosen_and_nothing_is_sent_until_it_is(clinic_client, sandbox):
    order, patient = _with_open_order(sandbox)
    draft = _ready(clinic_client, sandbox, patient=patient)
    html = clinic_client.get(step_url(draft, "review")).content.decode()
    assert f'href="/orders/{order["id"]}/">{order["order_number"]}' in html and "Blend merges" in html
    html = send(clinic_client, draft, merge=None).content.decode()
    assert "Choose whether Blend may add these items" in html and writes(sandbox) == []


def test_merging_adds_the_items_to_the_open_order(clinic_client, sandbox):
    order, patient = _with_open_order(sandbox)
    before = len(order["products"]["non_prescription"])
    response = send(clinic_client, _ready(clinic_client, sandbox, patient=patient), merge="merge")
    assert len(sandbox.state.orders.get(order["id"])["products"]["non_prescription"]) == before + 1
    html = clinic_client.get(response["Location"]).content.decode()
    assert "added the items to the patient's open order" in html and f"/orders/{order['id']}/" in html


def test_forcing_a_new_order_sends_force_new_and_leaves_the_open_order_alone(clinic_client, sandbox):
    order, patient = _with_open_order(sandbox)
    before = len(order["products"]["non_prescription"])
    draft = _ready(clinic_client, sandbox, patient=patient)
    orders = len(sandbox.state.orders)
    send(clinic_client, draft, merge="new")
    assert len(sandbox.state.orders) == orders + 1
    assert len(sandbox.state.orders.get(order["id"])["products"]["non_prescription"]) == before


def test_it_is_sent_once_however_often_the_form_is_sent(clinic_client, draft, sandbox):
    token = token_new()
    first = send(clinic_client, draft, merge=None, token=token)
    again = send(clinic_client, draft, merge=None, token=token)
    assert writes(sandbox) == [("POST", COMPOSITE)] and len(_new_quaxley(sandbox)) == 1
    assert again["Location"] == first["Location"]
    assert "already sent once" in clinic_client.get(again["Location"]).content.decode()


def test_a_sent_draft_forgets_what_was_typed(clinic_client, draft, sandbox):
    send(clinic_client, draft, merge=None)
    draft.refresh_from_db()
    assert draft.sent_at and set(draft.data) == {"result"} and "Quaxley" not in json.dumps(draft.data)
    assert clinic_client.get(step_url(draft, "patient")).status_code == 404


@pytest.mark.parametrize(
    ("field", "step", "at"),
    [
        ("patient.address.zip_code", "patient", 'name="new-zip_code"'),
        ("prescriber.id", "prescriber", 'id="prescriber-hits"'),
        ("electronic_prescription.medications[0].quantity", "medications", 'name="medications-0-quantity"'),
        ("order.products.non_prescription[0].id", "products", 'name="products-0-product"'),
        ("order.address.zip_code", "shipping", 'name="zip_code"'),
    ],
)
def test_blends_refusal_shows_at_the_step_and_field(field, step, at, clinic_client, draft, sandbox):
    sandbox.faults.add(422, method="POST", path=COMPOSITE, fields={field: ["Blend says no."]})
    response = send(clinic_client, draft, merge=None)
    assert response["Location"] == step_url(draft, step)
    html = clinic_client.get(response["Location"]).content.decode()
    assert "Blend says no." in html[html.index(at) :].split("</fieldset>")[0]
    assert "Blend refused" in html and _new_quaxley(sandbox) == []


def test_a_refused_field_blend_has_no_step_for_shows_on_the_review(clinic_client, draft, sandbox):
    sandbox.faults.add(422, method="POST", path=COMPOSITE, fields={"sandbox": ["Injected."]})
    html = send(clinic_client, draft, merge=None).content.decode()
    assert "sandbox: Injected." in html


def test_all_or_nothing_a_refused_order_creates_no_patient_and_can_be_sent_again(clinic_client, sandbox):
    taken = next(o["external_id"] for o in sandbox.state.orders.rows() if o.get("external_id"))
    draft = start(clinic_client)
    walk(
        clinic_client,
        draft,
        {
            "patient": NEW_PATIENT_STEP,
            "prescriber": {"mode": "existing", "prescriber_id": seeded_prescriber(sandbox)["id"]},
            "medications": medications_step(sandbox),
            "products": products_step(),
            "shipping": {**SHIPPING_STEP, "external_id": taken},  # Blend's to refuse: another order has it
        },
    )
    erx = len(sandbox.state.eprescriptions)
    response = send(clinic_client, draft, merge=None)
    assert response["Location"] == step_url(draft, "shipping")
    assert _new_quaxley(sandbox) == [] and len(sandbox.state.eprescriptions) == erx
    html = clinic_client.get(response["Location"]).content.decode()
    assert "Another order already uses this external_id" in html[html.index('name="external_id"') :]
    assert AuditEntry.objects.get(action="order.create").outcome == "refused"
    clinic_client.post(
        step_url(draft, "shipping"), {**SHIPPING_STEP, "external_id": "MY-NEW-1", "nav": "next"}
    )
    assert send(clinic_client, draft, merge=None).status_code == 302 and len(_new_quaxley(sandbox)) == 1


def test_a_timeout_says_it_is_not_known_and_the_same_form_is_not_sent_again(clinic_client, draft, sandbox):
    sandbox.faults.add("timeout", method="POST", path=COMPOSITE)
    token = token_new()
    html = send(clinic_client, draft, merge=None, token=token).content.decode()
    assert "not known whether the request to send the new order went through" in html
    send(clinic_client, draft, merge=None, token=token)
    assert writes(sandbox) == [("POST", COMPOSITE)]
    assert AuditEntry.objects.get(action="order.create").outcome == "failed"


def test_when_blend_fails_it_says_so_and_the_form_can_be_sent_again(clinic_client, draft, sandbox):
    sandbox.faults.add(503, method="POST", path=COMPOSITE)
    token = token_new()
    assert send(clinic_client, draft, merge=None, token=token).status_code == 503
    assert send(clinic_client, draft, merge=None, token=token).status_code == 302


def test_an_unfinished_draft_sends_the_user_to_the_first_step_to_finish(clinic_client, sandbox):
    draft = start(clinic_client)
    response = clinic_client.get(step_url(draft, "review"))
    assert response["Location"] == step_url(draft, "patient") + "?check=1"
