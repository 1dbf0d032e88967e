"""Drafts: kept on the server for their user alone, through a reload and a sign-out, expiring and
purged; their contents never in a URL."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from apps.accounts.roles import ROLE_CLINIC
from apps.accounts.testing import make_user
from apps.neworders.models import OrderDraft
from apps.neworders.steps import place_blend_errors
from tests.neworders.helpers import NEW_PATIENT_STEP, start, step_url


def test_a_draft_survives_a_sign_out(clinic_client, clinic_user):
    draft = start(clinic_client)
    clinic_client.post(step_url(draft, "patient"), {**NEW_PATIENT_STEP, "nav": "back"})
    clinic_client.post("/accounts/logout/")
    again = Client()
    again.force_login(clinic_user)
    assert step_url(draft, "patient") in again.get("/orders/new/").content.decode()
    assert 'value="Zebulon"' in again.get(step_url(draft, "patient")).content.decode()


def test_another_users_draft_is_not_found(clinic_client, sandbox):
    draft = start(clinic_client)
    other = Client()
    other.force_login(make_user(ROLE_CLINIC, username="other-clinic"))
    assert other.get(step_url(draft, "patient")).status_code == 404
    assert other.post(step_url(draft, "patient"), NEW_PATIENT_STEP).status_code == 404
    assert step_url(draft, "patient") not in other.get("/orders/new/").content.decode()


def test_an_expired_draft_is_not_found_and_is_purged(clinic_client):
    draft = start(clinic_client)
    OrderDraft.objects.filter(id=draft.id).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert clinic_client.get(step_url(draft, "patient")).status_code == 404
    clinic_client.get("/orders/new/")
    assert not OrderDraft.objects.filter(id=draft.id).exists()


def test_working_on_a_draft_extends_its_life(clinic_client):
    draft = start(clinic_client)
    OrderDraft.objects.filter(id=draft.id).update(expires_at=timezone.now() + timedelta(minutes=5))
    clinic_client.post(step_url(draft, "patient"), {**NEW_PATIENT_STEP, "nav": "back"})
    draft.refresh_from_db()
    assert draft.expires_at > timezone.now() + timedelta(days=2)


def test_what_was_typed_never_reaches_a_url(clinic_client):
    draft = start(clinic_client)
    response = clinic_client.post(step_url(draft, "patient"), NEW_PATIENT_STEP)
    assert "Quaxley" not in response["Location"] and "Zebulon" not in str(draft)


def test_a_draft_can_be_discarded(clinic_client):
    draft = start(clinic_client)
    assert clinic_client.post(f"/orders/new/{draft.id}/discard/").status_code == 302
    assert not OrderDraft.objects.exists()


def test_an_unknown_step_is_not_found(clinic_client):
    draft = start(clinic_client)
    assert clinic_client.get(step_url(draft, "payment")).status_code == 404


def test_blends_field_names_are_placed_at_their_step_and_field():
    placed = place_blend_errors(
        {
            "patient.first_name": ["a"],
            "patient_id": ["b"],
            "prescriber.npi": ["c"],
            "electronic_prescription.medications[1].sig": ["d"],
            "order.products.prescription[0].id": ["e"],
            "products.order_material[0].quantity": ["f"],
            "order.shipping.service_level": ["g"],
            "mystery": ["h"],
        },
        {"prescription": [2], "order_material": [3]},
    )
    assert placed["patient"] == {"new": {"first_name": ["a"]}, "main": {"patient_id": ["b"]}}
    assert placed["prescriber"] == {"new": {"npi": ["c"]}}
    assert placed["medications"] == {"form-1": {"directions": ["d"]}, "form-2": {"product": ["e"]}}
    assert placed["products"] == {"form-3": {"quantity": ["f"]}}
    assert placed["shipping"] == {"main": {"service_level": ["g"]}}
    assert placed["review"] == {"main": {"mystery": ["h"]}}
