"""Submitting an NCPDP SCRIPT prescription: size-limited, well-formed (no DTD, no entities), sent to
Blend as it is, once; Blend's refusal shown."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.audit.models import AuditEntry
from apps.core.once import token_new
from apps.prescriptions.forms import MAX_BYTES
from tests.orders.helpers import writes
from tests.prescriptions.helpers import BOMB, newrx

URL = "/prescriptions/submit/"
ERX = "/prescriptions/electronic_prescriptions"


def _people(sandbox):
    patient = sorted(sandbox.state.patients.rows(), key=lambda p: p["id"])[0]
    prescriber = sorted(sandbox.state.prescribers.rows(), key=lambda p: p["npi"])[0]
    return patient, prescriber


def _post(client, content: bytes, token: str | None = None):
    upload = SimpleUploadedFile("newrx.xml", content, content_type="application/xml")
    return client.post(URL, {"token": token or token_new(), "document": upload})


def test_it_shows_the_upload_form(clinic_client):
    html = clinic_client.get(URL).content.decode()
    assert 'type="file"' in html and 'enctype="multipart/form-data"' in html


def test_it_sends_the_document_as_it_is_and_opens_the_new_prescription(clinic_client, clinic_user, sandbox):
    patient, prescriber = _people(sandbox)
    response = _post(clinic_client, newrx(patient, prescriber))
    erx = max(sandbox.state.eprescriptions.rows(), key=lambda e: e["created_at"])
    assert response.status_code == 302 and response["Location"] == f"/prescriptions/{erx['id']}/"
    assert erx["source"] == "api_xml" and erx["patient_id"] == patient["id"]
    assert AuditEntry.objects.get(action="eprescription.create", user=clinic_user).target_id == erx["id"]
    assert "Blend accepted the e-prescription" in clinic_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<Message><Body>", "not well-formed XML"),
        (BOMB, "declares a DTD or entities"),
        (b"<html><body/></html>", "not an NCPDP SCRIPT Message"),
        (b"<Message>" + b" " * MAX_BYTES + b"</Message>", "larger than 256 KB"),
    ],
)
def test_a_bad_file_is_refused_at_the_field_and_nothing_is_sent(content, message, clinic_client, sandbox):
    html = _post(clinic_client, content).content.decode()
    assert message in html[html.index('name="document"') :]
    assert writes(sandbox) == []


def test_blends_refusal_names_the_missing_fields(clinic_client, sandbox):
    patient, prescriber = _people(sandbox)
    html = _post(clinic_client, newrx(patient, prescriber, quantity="")).content.decode()
    assert "NewRx.MedicationPrescribed[0].Quantity.Value: Required." in html
    assert AuditEntry.objects.get(action="eprescription.create").outcome == "refused"


def test_it_is_sent_once_however_often_the_form_is_sent(clinic_client, sandbox):
    patient, prescriber = _people(sandbox)
    token = token_new()
    _post(clinic_client, newrx(patient, prescriber), token)
    _post(clinic_client, newrx(patient, prescriber), token)
    assert writes(sandbox) == [("POST", ERX)]


def test_a_timeout_says_it_is_not_known(clinic_client, sandbox):
    patient, prescriber = _people(sandbox)
    sandbox.faults.add("timeout", method="POST", path=ERX)
    assert "not known whether" in _post(clinic_client, newrx(patient, prescriber)).content.decode()


def test_when_blend_fails_it_says_so(clinic_client, sandbox):
    patient, prescriber = _people(sandbox)
    sandbox.faults.add(503, method="POST", path=ERX)
    assert _post(clinic_client, newrx(patient, prescriber)).status_code == 503


@pytest.mark.parametrize(
    ("persona", "status"), [("manager_client", 200), ("support_client", 403), ("outsider_client", 403)]
)
def test_only_roles_with_the_permission_may_submit(persona, status, request, sandbox):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == status
    if status == 403:
        patient, prescriber = _people(sandbox)
        assert _post(client, newrx(patient, prescriber)).status_code == 403 and writes(sandbox) == []
