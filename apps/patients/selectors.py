"""Reads for the patients pages, one per page, each resolved before the page renders; independent
Blend calls run at the same time (a page costs one round trip) and reference lists (order statuses,
guardian relationships) come from the client's cache. Every view is audited: one patient's data (who
looked, when, the outcome: the record, a page of their orders, their risk factors, the edit form),
and the list (which kind of record and how many were shown; never the search term)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from apps.audit.actor import Actor
from apps.audit.services import audit_export, audited, audited_view
from apps.blend.concurrency import background, fetch_concurrently, optional
from apps.blend.models.orders import Order
from apps.blend.models.patients import GuardianRelationshipType, Patient, RiskFactors
from apps.blend.pagination import Page, iter_from
from apps.blend.runtime import get_blend
from apps.core.exports import CsvExport
from apps.core.search import search_by_name
from apps.orders.selectors import order_status_names
from apps.patients.filters import PatientFilters

SEARCH_LIMIT = 50
ORDERS_PAGE_SIZE = 10


# --- the list ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PatientList:
    """One page of Blend's patients, or for a search Blend's matches, best first (`page` None)."""

    filters: PatientFilters
    patients: list[Patient]
    page: Page[Patient] | None

    @property
    def limited(self) -> bool:
        """Blend may have more matches than it sent."""
        return self.page is None and len(self.patients) >= SEARCH_LIMIT


@audited_view("patient.list", shown=lambda found: {"patient": len(found.patients)})
def patient_list_data(*, actor: Actor, filters: PatientFilters) -> PatientList:
    """Blend's search for a query (a name as the app shows it or as "Last, First": see
    `apps.core.search`), else one page of the list; a query that cannot be searched (a date that is
    no date) reads nothing, and a query Blend refuses comes back with its reason: the search box
    says why."""
    blend = get_blend()
    if filters.error:
        return PatientList(filters, [], None)
    if filters.searching:
        found = search_by_name(lambda q: blend.search_patients(q=q, limit=SEARCH_LIMIT), filters.blend_query)
        if found.refused:  # Blend refused the query: the box says why
            return PatientList(replace(filters, error=found.refused), [], None)
        return PatientList(filters, sorted(found.items, key=lambda p: -(p.rank or 0.0)), None)
    page = blend.patient_list(page=filters.page, page_size=filters.page_size)
    return PatientList(filters, page.items, page)


EXPORT_PAGE_SIZE = 200
PATIENT_CSV_HEADER = ["Name", "Date of birth", "Phone", "Email", "External id"]


def patient_export(*, actor: Actor, filters: PatientFilters) -> CsvExport:
    """Every patient the list selects (all pages, or the whole search result) with the list's
    columns; the first page read now, the rest as the file streams. Audited once sent: the row
    count, and whether it was a search (never the words)."""
    blend = get_blend()
    if filters.error:
        patients = iter(())
    elif filters.searching:
        found = search_by_name(lambda q: blend.search_patients(q=q, limit=SEARCH_LIMIT), filters.blend_query)
        patients = iter(sorted(found.items, key=lambda p: -(p.rank or 0.0)))
    else:

        def page(number: int) -> Page[Patient]:
            return blend.patient_list(page=number, page_size=EXPORT_PAGE_SIZE)

        patients = iter_from(page(1), page, prefetch=background())
    rows = (
        [p.full_name, p.date_of_birth or "", p.phone or "", p.email or "", p.external_id or ""]
        for p in patients
    )
    text = "a search (its words are not recorded)" if filters.searching else ""

    def finished(count: int, complete: bool) -> None:
        audit_export(actor=actor, kind="patient", count=count, filters=text, complete=complete)

    return CsvExport("patients", PATIENT_CSV_HEADER, rows, finished)


# --- one patient ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PatientOrders:
    """One page of the patient's orders, with Blend's status names for their badges (`page` None: on
    the patient's page, Blend's list of their orders could not be read; the section says so)."""

    patient_id: str
    page: Page[Order] | None
    status_names: dict[str, str]


@dataclass(frozen=True)
class PatientPage:
    """The patient page's data, every read resolved. `risk_factors` is None when Blend did not send
    them (the page shows a gap, not an error)."""

    patient: Patient
    orders: PatientOrders
    risk_factors: RiskFactors | None
    relationships: dict[str, str]  # guardian relationship code -> Blend's name

    @property
    def guardian_relationship(self) -> str:
        code = self.patient.guardian_relationship or ""
        return self.relationships.get(code) or code.replace("_", " ").capitalize()


def _relationship_names(types: list[GuardianRelationshipType] | None) -> dict[str, str]:
    return {t.code: t.name or t.code for t in types or () if t.code}


@audited("patient.view", target_type="patient", target_id_arg="patient_id")
def patient_page_data(*, actor: Actor, patient_id: str, orders_page: int = 1) -> PatientPage:
    """The patient, one page of their orders, their risk factors and the reference lists, read at
    the same time; the orders and risk factors are secondary: a part that fails leaves a note."""
    blend = get_blend()
    found = fetch_concurrently(
        patient=lambda: blend.patient_get(patient_id=patient_id),
        orders=optional(
            lambda: blend.patient_orders(patient_id=patient_id, page=orders_page, page_size=ORDERS_PAGE_SIZE)
        ),
        risk_factors=optional(lambda: blend.patient_risk_factors(patient_id=patient_id)),
        statuses=order_status_names,
        relationships=optional(blend.guardian_relationship_types),
    )
    return PatientPage(
        patient=found["patient"],
        orders=PatientOrders(patient_id, found["orders"], found["statuses"]),
        risk_factors=found["risk_factors"],
        relationships=_relationship_names(found["relationships"]),
    )


@audited("patient.view_orders", target_type="patient", target_id_arg="patient_id")
def patient_orders_data(*, actor: Actor, patient_id: str, page: int) -> PatientOrders:
    """Another page of the patient's orders (the orders section pages on its own)."""
    found = fetch_concurrently(
        orders=lambda: get_blend().patient_orders(
            patient_id=patient_id, page=page, page_size=ORDERS_PAGE_SIZE
        ),
        statuses=order_status_names,
    )
    return PatientOrders(patient_id, found["orders"], found["statuses"])


@audited("patient.view_risk_factors", target_type="patient", target_id_arg="patient_id")
def patient_risk_factors_data(*, actor: Actor, patient_id: str) -> RiskFactors:
    """The patient's risk factors as Blend has them now (after a change, or Refresh)."""
    return get_blend().patient_risk_factors(patient_id=patient_id)


# --- the forms -----------------------------------------------------------------------------------


def guardian_relationships() -> list[GuardianRelationshipType] | None:
    """Blend's guardian relationship types (cached), for the new-patient form; None when Blend does
    not answer (the form shows without them)."""
    return optional(get_blend().guardian_relationship_types)()


@dataclass(frozen=True)
class PatientEditData:
    patient: Patient
    relationships: list[GuardianRelationshipType] | None  # None: Blend's list could not be read


@audited("patient.view", target_type="patient", target_id_arg="patient_id")
def patient_edit_data(*, actor: Actor, patient_id: str) -> PatientEditData:
    """The patient as Blend has them now, and the guardian relationship types (cached): the edit
    form shows the patient's details, so opening it is a view of the record."""
    blend = get_blend()
    found = fetch_concurrently(
        patient=lambda: blend.patient_get(patient_id=patient_id),
        relationships=optional(blend.guardian_relationship_types),
    )
    return PatientEditData(found["patient"], found["relationships"])
