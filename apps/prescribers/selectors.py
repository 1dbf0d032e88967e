"""Reads for the prescribers pages, one per page, each resolved before the page renders.

Prescribers are not patients: viewing one is not audited (changes are, in services.py). Blend offers
no way to find a prescriber's orders (orders carry no prescriber, and order search matches order and
patient fields only), so the page shows none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from apps.blend.concurrency import background, fetch_concurrently, optional
from apps.blend.models.prescribers import Credential, Prescriber, Qualification, Supervision
from apps.blend.pagination import Page, iter_from
from apps.blend.runtime import get_blend
from apps.core.exports import CsvExport
from apps.core.search import search_by_name
from apps.prescribers import rules
from apps.prescribers.filters import PrescriberFilters

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class PrescriberList:
    filters: PrescriberFilters
    prescribers: list[Prescriber]
    page: Page[Prescriber] | None  # None for search results
    refused: str = ""  # why Blend refused the search term, for the search box


def prescriber_list_data(*, filters: PrescriberFilters) -> PrescriberList:
    """One page of Blend's list, or for a query Blend's search results (best match first; a name as
    the app shows it or as "Last, First": see `apps.core.search`)."""
    blend = get_blend()
    if filters.searching:
        found = search_by_name(lambda q: blend.search_prescribers(q=q, limit=SEARCH_LIMIT), filters.q)
        ranked = sorted(found.items, key=lambda p: -(p.rank or 0.0))
        return PrescriberList(filters, ranked, None, refused=found.refused)
    page = blend.prescriber_list(page=filters.page, page_size=filters.page_size)
    return PrescriberList(filters, page.items, page)


EXPORT_PAGE_SIZE = 200
PRESCRIBER_CSV_HEADER = ["Name", "NPI", "Licensed in", "Phone", "Email", "Status"]


def prescriber_export(*, filters: PrescriberFilters) -> CsvExport:
    """Every prescriber the list selects (all pages, or the whole search result), the list's columns."""
    blend = get_blend()
    if filters.searching:
        found = search_by_name(lambda q: blend.search_prescribers(q=q, limit=SEARCH_LIMIT), filters.q)
        prescribers = iter(sorted(found.items, key=lambda p: -(p.rank or 0.0)))
    else:

        def page(number: int) -> Page[Prescriber]:
            return blend.prescriber_list(page=number, page_size=EXPORT_PAGE_SIZE)

        prescribers = iter_from(page(1), page, prefetch=background())
    rows = (
        [p.display_name, p.npi or "", ", ".join(p.licensed_states), p.phone or "", p.email or "",
         "Active" if p.is_active else "Inactive"]
        for p in prescribers
    )  # fmt: skip
    return CsvExport("prescribers", PRESCRIBER_CSV_HEADER, rows)


@dataclass(frozen=True)
class LicenceRow:
    licence: Qualification
    standing: rules.Standing


@dataclass(frozen=True)
class StateLicences:
    state: str
    licences: list[LicenceRow]  # current ones first, then the rest, newest expiry first


@dataclass(frozen=True)
class StateRelations:
    state: str
    prescribers: list[Prescriber]


def licences_by_state(prescriber: Prescriber, *, today: date | None = None) -> list[StateLicences]:
    by_state: dict[str, list[LicenceRow]] = {}
    for licence in prescriber.qualifications:
        row = LicenceRow(licence, rules.standing(licence, today=today))
        by_state.setdefault(licence.state.upper() or "?", []).append(row)
    order = {"expiring": 0, "current": 0, "expired": 1, "inactive": 2}
    return [
        StateLicences(
            state,
            sorted(rows, key=lambda r: (order[r.standing.key], r.licence.expiration_date or "")),
        )
        for state, rows in sorted(by_state.items())
    ]


def relations_by_state(links: list[Supervision] | None) -> list[StateRelations] | None:
    if links is None:
        return None
    by_state: dict[str, list[Prescriber]] = {}
    for link in links:
        by_state.setdefault(link.state.upper(), []).append(link.prescriber)
    return [
        StateRelations(state, sorted(people, key=lambda p: (p.last_name.lower(), p.first_name.lower())))
        for state, people in sorted(by_state.items())
    ]


@dataclass(frozen=True)
class PrescriberPage:
    """The prescriber page's data, every read resolved. `supervisors`/`supervisees` are None when
    Blend could not send them (the page shows a gap, not an error); the prescriber must be read."""

    prescriber: Prescriber
    licences: list[StateLicences]
    supervisors: list[StateRelations] | None
    supervisees: list[StateRelations] | None
    credential_names: dict[str, str]

    @property
    def credentials(self) -> list[str]:
        return [
            f"{c.code} ({self.credential_names.get(c.code) or c.name})"
            if self.credential_names.get(c.code) or c.name
            else c.code
            for c in self.prescriber.credentials
        ]


def prescriber_page_data(*, prescriber_id: str) -> PrescriberPage:
    """The prescriber, their supervisors and supervisees, and Blend's credential names (cached),
    read at the same time (one round trip)."""
    blend = get_blend()
    found = fetch_concurrently(
        prescriber=lambda: blend.prescriber_get(prescriber_id=prescriber_id),
        supervisors=optional(lambda: blend.prescriber_supervisors(prescriber_id=prescriber_id)),
        supervisees=optional(lambda: blend.prescriber_supervisees(prescriber_id=prescriber_id)),
        credentials=optional(blend.prescriber_credentials),
    )
    prescriber: Prescriber = found["prescriber"]
    return PrescriberPage(
        prescriber=prescriber,
        licences=licences_by_state(prescriber),
        supervisors=relations_by_state(found["supervisors"]),
        supervisees=relations_by_state(found["supervisees"]),
        credential_names={c.code: c.name for c in found["credentials"] or ()},
    )


def prescriber_get(*, prescriber_id: str) -> Prescriber:
    return get_blend().prescriber_get(prescriber_id=prescriber_id)


@dataclass(frozen=True)
class PrescriberFormData:
    prescriber: Prescriber | None
    credentials: list[Credential] | None  # None: Blend's list could not be read (the form says so)


def prescriber_form_data(*, prescriber_id: str | None = None) -> PrescriberFormData:
    """Blend's credentials (cached) and, to edit, the prescriber, read at the same time. The
    credentials list is inferred and secondary: when it cannot be read the form still opens."""
    blend = get_blend()
    found = fetch_concurrently(
        credentials=optional(blend.prescriber_credentials),
        prescriber=(lambda: blend.prescriber_get(prescriber_id=prescriber_id))
        if prescriber_id
        else lambda: None,
    )
    return PrescriberFormData(found["prescriber"], found["credentials"])
