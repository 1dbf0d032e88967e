"""A recall's report: its orders grouped by status with the patients and prescribers concerned (names
read from Blend together, the view audited), a bulk pause or cancellation with its reason through
apps.bulk, each order's outcome, and the report as CSV."""

from __future__ import annotations

import csv
import html as htmllib
import io

import pytest

from apps.audit.models import AuditEntry
from apps.bulk.models import BulkRun, ItemState, RunState
from apps.core.queue import run_jobs
from apps.recalls.models import RecallRun
from apps.recalls.selectors import REPORT_CSV_HEADER
from tests.recalls.conftest import open_orders_holding, start, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def recall(manager_client, indexed, a_product):
    return start(manager_client, kind=a_product[0], product=a_product[1])


def _patient_name(sandbox, order_id: str) -> str:
    patient = sandbox.state.patients.get(sandbox.state.orders.get(order_id)["_patient_id"])
    return " ".join(p for p in (patient["first_name"], patient.get("middle_name"), patient["last_name"]) if p)


def _prescriber_names(sandbox, order_id: str) -> list[str]:
    names = []
    for erx_id in sandbox.state.orders.get(order_id)["electronic_prescription_ids"]:
        p = sandbox.state.prescribers.get(sandbox.state.eprescriptions.get(erx_id)["prescriber_id"])
        names.append(" ".join(x for x in (p["first_name"], p.get("middle_name"), p["last_name"]) if x))
    return names


def _page(client, recall, **headers) -> str:
    response = client.get(f"/recalls/{recall.pk}/", headers=headers)
    assert response.status_code == 200
    return htmllib.unescape(response.content.decode())


def test_the_report_groups_orders_by_status_with_their_patients_and_prescribers(
    manager_client, sandbox, recall
):
    html = _page(manager_client, recall)
    assert "<html" in html and "Contaminated batch" in html
    orders = list(recall.orders.all())
    for order in orders:
        assert order.order_number in html
        assert _patient_name(sandbox, order.order_id) in html
        for name in _prescriber_names(sandbox, order.order_id):
            assert name in html
    patients = {o.patient_id for o in orders}
    prescribers = {p for o in orders for p in o.prescriber_ids}
    assert (
        f"{len(patients)} patient{'s' if len(patients) != 1 else ''}, {len(prescribers)} prescriber" in html
    )
    for status in {o.status for o in orders}:
        assert f'id="status-{status}"' in html
    entry = AuditEntry.objects.filter(action="recall.view").latest("id")
    assert entry.outcome == "ok" and "patient:" in entry.target_id


def test_the_htmx_fragment_is_the_report_only(manager_client, recall, htmx_headers):
    html = _page(manager_client, recall, **htmx_headers)
    assert "<html" not in html and 'id="recall-orders"' in html
    assert recall.orders.first().order_number in html


@pytest.mark.parametrize("fault", ["timeout", 500, 404, 422])
def test_names_blend_does_not_give_leave_a_gap_that_says_so(manager_client, sandbox, recall, fault):
    order = recall.orders.first()
    sandbox.faults.add(fault, method="GET", path=f"/patients/{order.patient_id}", times=5)
    html = _page(manager_client, recall)
    assert "(could not be read from Blend)" in html
    assert "Blend did not give the names of 1 patient" in html
    assert order.order_number in html


def test_a_prescriber_blend_does_not_give_leaves_a_gap_too(manager_client, sandbox, recall):
    order = next(o for o in recall.orders.all() if o.prescriber_ids)
    sandbox.faults.add(503, method="GET", path=f"/prescribers/{order.prescriber_ids[0]}", times=5)
    html = _page(manager_client, recall)
    assert "Blend did not give the names of 0 patients and 1 prescriber" in html


def test_an_unknown_recall_is_404(manager_client):
    assert manager_client.get("/recalls/999/").status_code == 404
    assert manager_client.post("/recalls/999/run/", {"action": "pause", "reason": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "outsider_client"])
def test_only_managers_see_a_recall_or_act_on_it(request, persona, recall):
    client = request.getfixturevalue(persona)
    assert client.get(f"/recalls/{recall.pk}/").status_code == 403
    assert client.get(f"/recalls/{recall.pk}/?format=csv").status_code == 403
    assert client.post(f"/recalls/{recall.pk}/run/", {"action": "pause", "reason": "x"}).status_code == 403
    assert not BulkRun.objects.exists()
    assert AuditEntry.objects.filter(action="access.denied").count() == 3
    assert not AuditEntry.objects.filter(action="recall.view").exists()


def test_the_list_shows_each_recall(manager_client, recall, htmx_headers):
    html = manager_client.get("/recalls/").content.decode()
    assert f'href="/recalls/{recall.pk}/"' in html and "<html" in html
    fragment = manager_client.get("/recalls/", headers=htmx_headers).content.decode()
    assert "<html" not in fragment and f"Recall #{recall.pk}" in fragment


def _run(client, recall, action: str, reason: str):
    token = token_of(client.get(f"/recalls/{recall.pk}/").content.decode())
    return client.post(f"/recalls/{recall.pk}/run/", {"token": token, "action": action, "reason": reason})


def _confirm(client, run: BulkRun, **extra):
    token = token_of(client.get(f"/orders/bulk/{run.pk}/").content.decode())
    response = client.post(f"/orders/bulk/{run.pk}/confirm/", {"token": token, **extra})
    assert response.status_code == 302
    run_jobs()
    run.refresh_from_db()
    return run


def test_a_pause_with_its_reason_runs_through_bulk_and_its_outcomes_fill_the_report(
    manager_client, sandbox, recall
):
    response = _run(manager_client, recall, "pause", "Lot 42 contaminated")
    run = BulkRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/bulk/{run.pk}/"
    assert run.purpose == f"recall:{recall.pk}" and run.items.count() == recall.orders.count()
    link = RecallRun.objects.get()
    assert link.recall == recall and link.run == run and link.reason == "Lot 42 contaminated"
    dry = manager_client.get(f"/orders/bulk/{run.pk}/").content.decode()
    assert f'href="/recalls/{recall.pk}/"' in dry
    pausable = {o.order_id for o in recall.orders.all() if o.status in ("received", "exception")}
    assert pausable, "the seed gives this product no pausable order"
    run = _confirm(manager_client, run)
    assert run.state == RunState.DONE
    for order in recall.orders.all():
        expected = "paused" if order.order_id in pausable else order.status
        assert sandbox.state.orders.get(order.order_id)["status"] == expected
    html = _page(manager_client, recall)
    assert html.count(">Done</span>") == len(pausable)
    assert html.count(">Not tried</span>") == recall.orders.count() - len(pausable)
    assert "Lot 42 contaminated" in html and "prepared “Pause”" in html
    assert AuditEntry.objects.get(action="recall.run").outcome == "ok"
    assert AuditEntry.objects.filter(action="order.pause", outcome="ok").count() == len(pausable)


def test_a_refusal_by_blend_shows_in_the_report_with_blends_answer(manager_client, sandbox, recall):
    order = next(o for o in recall.orders.all() if o.status in ("received", "exception"))
    _run(manager_client, recall, "pause", "Mould")
    run = BulkRun.objects.get()
    sandbox.faults.add(422, method="PUT", path=f"/orders/{order.order_id}", message="Order is locked")
    _confirm(manager_client, run)
    assert run.items.get(order_id=order.order_id).state == ItemState.REFUSED
    html = _page(manager_client, recall)
    assert "Refused" in html and "Order is locked" in html


def test_a_cancellation_request_sends_the_reason_as_its_comments(manager_client, sandbox, indexed):
    picked = next(
        r for r in sandbox.state.orders.rows() if r["status"] == "picked" and r["products"]["prescription"]
    )
    recall = start(manager_client, kind="prescription", product=picked["products"]["prescription"][0]["id"])
    _run(manager_client, recall, "request_cancellation", "Recall: sterility failure")
    run = BulkRun.objects.get()
    assert run.text == "Recall: sterility failure"
    assert "Recall: sterility failure" in manager_client.get(f"/orders/bulk/{run.pk}/").content.decode()
    _confirm(manager_client, run, text="Recall: sterility failure")
    assert run.items.get(order_id=picked["id"]).state == ItemState.DONE
    assert sandbox.state.orders.get(picked["id"])["cancellation_requested"]


@pytest.mark.parametrize(
    ("data", "message"),
    [({"action": "pause", "reason": "  "}, "Give the reason for this action."),
     ({"action": "unpause", "reason": "x"}, "Select a valid choice.")],
)  # fmt: skip
def test_bad_input_on_the_action_is_said_at_its_field_and_nothing_is_prepared(
    manager_client, recall, data, message
):
    token = token_of(manager_client.get(f"/recalls/{recall.pk}/").content.decode())
    response = manager_client.post(f"/recalls/{recall.pk}/run/", {"token": token, **data})
    assert response.status_code == 400
    assert message in htmllib.unescape(response.content.decode())
    assert not BulkRun.objects.exists()


def test_the_csv_has_every_order_with_its_outcome_and_the_export_is_audited(manager_client, sandbox, recall):
    _run(manager_client, recall, "pause", "Lot 42 contaminated")
    _confirm(manager_client, BulkRun.objects.get())
    response = manager_client.get(f"/recalls/{recall.pk}/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == REPORT_CSV_HEADER
    body = {row[1]: row for row in rows[1:]}
    assert set(body) == {o.order_id for o in recall.orders.all()}
    order = next(o for o in recall.orders.all() if o.status in ("received", "exception"))
    row = body[order.order_id]
    assert row[0] == order.order_number
    assert row[3] == _patient_name(sandbox, order.order_id)
    assert row[4] == "; ".join(_prescriber_names(sandbox, order.order_id))
    assert row[6] == "Pause" and row[7] == "Lot 42 contaminated" and row[8] == "Done"
    assert row[11] == RecallRun.objects.get().username != ""
    export = AuditEntry.objects.get(action="recall.export")
    assert export.target_id == f"recall: {recall.orders.count()}" and export.outcome == "ok"


def test_the_orders_found_match_the_sandbox(recall, sandbox, a_product):
    assert recall.orders.count() == len(open_orders_holding(sandbox, {a_product}))
