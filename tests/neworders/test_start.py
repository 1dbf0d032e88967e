"""Starting a new order: from the orders list, a patient's page or a prescriber's page."""

from __future__ import annotations

from apps.neworders.models import OrderDraft
from tests.neworders.helpers import seeded_patient, seeded_prescriber, start, step_url


def test_it_offers_to_start_and_lists_unfinished_drafts(clinic_client, clinic_user):
    draft = start(clinic_client)
    html = clinic_client.get("/orders/new/").content.decode()
    assert "Start a new order" in html and step_url(draft, "patient") in html


def test_it_starts_a_draft_tied_to_the_user_and_opens_the_patient_step(clinic_client, clinic_user):
    response = clinic_client.post("/orders/new/")
    draft = OrderDraft.objects.get()
    assert draft.user == clinic_user and response["Location"] == step_url(draft, "patient")


def test_from_a_patients_page_the_patient_is_filled_in(clinic_client, sandbox):
    patient = seeded_patient(sandbox)
    page = clinic_client.get(f"/patients/{patient['id']}/").content.decode()
    assert 'name="patient_id" value="' + patient["id"] in page
    draft = start(clinic_client, patient_id=patient["id"])
    html = clinic_client.get(step_url(draft, "patient")).content.decode()
    assert f'value="{patient["id"]}" checked' in html


def test_from_a_prescribers_page_the_prescriber_is_filled_in(clinic_client, sandbox):
    prescriber = seeded_prescriber(sandbox)
    page = clinic_client.get(f"/prescribers/{prescriber['id']}/").content.decode()
    assert "New order from this prescriber" in page
    draft = start(clinic_client, prescriber_id=prescriber["id"])
    html = clinic_client.get(step_url(draft, "prescriber")).content.decode()
    assert f'value="{prescriber["id"]}" checked' in html


def test_the_orders_list_links_here_for_those_who_may_order(clinic_client, support_client):
    assert 'href="/orders/new/"' in clinic_client.get("/orders/").content.decode()
    assert 'href="/orders/new/"' not in support_client.get("/orders/").content.decode()


def test_roles_without_the_permission_are_refused(support_client, outsider_client):
    for client in (support_client, outsider_client):
        assert client.get("/orders/new/").status_code == 403
        assert client.post("/orders/new/").status_code == 403
    assert not OrderDraft.objects.exists()


def test_managers_may_start_an_order(manager_client):
    assert manager_client.get("/orders/new/").status_code == 200
