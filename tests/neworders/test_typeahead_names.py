"""The new order's patient and prescriber pickers find a person as the app shows them and as
"Last, First", like every other search box (apps.core.search; issue 20, item 1)."""

from __future__ import annotations

import pytest

from apps.blend.models.patients import Patient
from apps.blend.models.prescribers import Prescriber
from tests.neworders.helpers import start


@pytest.fixture
def draft(clinic_client):
    return start(clinic_client)


def _patient(sandbox) -> Patient:
    rows = sorted(sandbox.state.patients.rows(), key=lambda p: p["id"])
    return Patient.model_validate(next(r for r in rows if r.get("middle_name")))


def _prescriber(sandbox) -> Prescriber:
    rows = sorted(sandbox.state.prescribers.rows(), key=lambda p: p["npi"])
    return Prescriber.model_validate(next(r for r in rows if r.get("middle_name") and r.get("credentials")))


def _hits(client, draft, step: str, q: str, headers) -> str:
    return client.get(f"/orders/new/{draft.id}/{step}s/", {"q": q}, headers=headers).content.decode()


def test_the_patient_picker_finds_a_patient_as_shown_and_as_last_first(
    clinic_client, draft, sandbox, htmx_headers
):
    patient = _patient(sandbox)
    for q in (
        patient.full_name,
        f"{patient.last_name}, {patient.first_name}",
        f"{patient.last_name},{patient.first_name}",
    ):
        assert f'value="{patient.id}"' in _hits(clinic_client, draft, "patient", q, htmx_headers), q


def test_the_prescriber_picker_finds_a_prescriber_as_shown_and_as_last_first(
    clinic_client, draft, sandbox, htmx_headers
):
    prescriber = _prescriber(sandbox)
    shown = prescriber.display_name  # "Mary Ryan Anthony, MD"
    assert "," in shown and prescriber.middle_name in shown
    for q in (shown, f"{prescriber.last_name}, {prescriber.first_name}", prescriber.full_name):
        assert f'value="{prescriber.id}"' in _hits(clinic_client, draft, "prescriber", q, htmx_headers), q


def test_a_term_blend_refuses_is_answered_at_the_box(clinic_client, draft, sandbox, htmx_headers):
    for step in ("patient", "prescriber"):
        html = _hits(clinic_client, draft, step, '""', htmx_headers)
        assert "Blend cannot search for" in html and 'role="alert"' in html, step
