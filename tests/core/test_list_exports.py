"""Every list as CSV (`?format=csv` on its URL): patients, prescribers, catalog and inventory (the
orders list has its own file). Every row the filters select from every page, the list's columns,
formulas neutralised; patient exports audited with the row count and never the search words."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from apps.audit.models import AuditEntry
from apps.blend.models.catalog import KIND_LABELS

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_patient_list_exports_every_patient_and_is_audited(clinic_client, sandbox):
    rows = _rows(clinic_client.get("/patients/?format=csv&page=2"))
    assert rows[0] == ["Name", "Date of birth", "Phone", "Email", "External id"]
    assert len(rows) - 1 == len(sandbox.state.patients)
    entry = AuditEntry.objects.get(action="patient.export")
    assert entry.target_id == f"patient: {len(sandbox.state.patients)}" and entry.outcome == "ok"


def test_a_patient_search_exports_its_results_and_the_audit_keeps_no_words(clinic_client, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    rows = _rows(clinic_client.get(f"/patients/?q={patient['last_name']}&format=csv"))
    assert any(patient["last_name"] in r[0] for r in rows[1:])
    entry = AuditEntry.objects.get(action="patient.export")
    assert patient["last_name"] not in entry.error_message and "search" in entry.error_message


def test_a_patient_name_that_is_a_formula_is_neutralised(clinic_client, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    sandbox.state.patients.edit(patient["id"])["first_name"] = "+SUM(A1)"
    rows = _rows(clinic_client.get("/patients/?format=csv"))
    assert any(r[0].startswith("'+SUM(A1)") for r in rows)


def test_the_prescriber_list_exports_every_prescriber(clinic_client, sandbox):
    rows = _rows(clinic_client.get("/prescribers/?format=csv"))
    assert rows[0] == ["Name", "NPI", "Licensed in", "Phone", "Email", "Status"]
    assert len(rows) - 1 == len(sandbox.state.prescribers)


def test_the_catalog_exports_the_tab_chosen(clinic_client, sandbox):
    every = _rows(clinic_client.get("/catalog/?format=csv"))
    one_kind = _rows(clinic_client.get("/catalog/prescription/?format=csv"))
    assert 1 < len(one_kind) < len(every)
    assert {r[1] for r in one_kind[1:]} == {KIND_LABELS["prescription"]}


def test_the_inventory_exports_the_lots_its_filter_keeps(clinic_client, sandbox):
    every = _rows(clinic_client.get("/catalog/inventory/?format=csv"))
    expired = _rows(clinic_client.get("/catalog/inventory/?show=expired&format=csv"))
    assert every[0] == ["Lot", "Lot id", "Products", "Expires", "On hand", "Flags"]
    assert 1 < len(expired) < len(every)
    assert all("Expired" in r[5] for r in expired[1:])


@pytest.mark.parametrize("url", ["/patients/", "/prescribers/", "/catalog/", "/catalog/inventory/"])
def test_each_list_offers_its_download(clinic_client, url):
    assert "format=csv" in clinic_client.get(url).content.decode()


@pytest.mark.parametrize("url", ["/patients/", "/prescribers/", "/catalog/", "/catalog/inventory/"])
def test_an_outsider_gets_no_export(outsider_client, url):
    assert outsider_client.get(url + "?format=csv").status_code == 403


@pytest.mark.parametrize("url,path", [("/patients/", "/patients"), ("/prescribers/", "/prescribers")])
def test_blend_failing_before_an_export_starts_shows_the_error_page(clinic_client, sandbox, url, path):
    sandbox.faults.add(503, path=path, times=10)
    response = clinic_client.get(url + "?format=csv")
    assert response.status_code == 503 and not isinstance(response, StreamingHttpResponse)
