"""The patient list's query string (search, page, page size), read by a Django form
(`PatientFilterForm`) into `PatientFilters`, what the list's selector takes; each value falls back
to its default on its own.

Blend's patient search matches names, emails, phones and dates of birth; it accepts a date of birth
as YYYY-MM-DD, YYYYMMDD (or part of either) or a full MM/DD/YYYY (changelog 2025-11-20). People also
type 6/2/1984, 06-02-1984 or a phone as (555) 123-4567: those are sent in a form Blend accepts
(1984-06-02, 5551234567); what is typed stays in the box and the URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django import forms

from apps.core.people import digits
from apps.core.query import PAGE_SIZES, SEARCH_MIN_LENGTH, ListFilterForm, PageField, SearchField, SearchTerm
from apps.patients import wording

MONTH_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")  # 06/02/1984, 6-2-1984, 06.02.1984
YEAR_FIRST = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")  # 1984-6-2, 1984/06/02
PHONE_LIKE = re.compile(r"\+?[\d\s().-]+")


def _date_term(term: str) -> tuple[str, str]:
    """(the term as Blend takes it, an error): a full date in another form becomes YYYY-MM-DD;
    a full date that is no date (13/45/1984) is an error; anything else is kept."""
    if found := MONTH_FIRST.fullmatch(term):
        month, day, year = found.groups()
    elif found := YEAR_FIRST.fullmatch(term):
        year, month, day = found.groups()
    else:
        return term, ""
    try:
        return date(int(year), int(month), int(day)).isoformat(), ""
    except ValueError:
        return "", wording.SEARCH_NOT_A_DATE.format(text=term)


def blend_query(q: str) -> tuple[str, str]:
    """(what to send to Blend's patient search for `q`, an error for the search box)."""
    number = digits(q)
    if PHONE_LIKE.fullmatch(q) and not MONTH_FIRST.fullmatch(q) and not YEAR_FIRST.fullmatch(q):
        if len(number) == 11 and number.startswith("1"):
            number = number[1:]
        if len(number) == 10:
            return number, ""
    terms, errors = [], []
    for term in q.split():
        sent, error = _date_term(term)
        terms.append(sent)
        if error:
            errors.append(error)
    return " ".join(terms), errors[0] if errors else ""


@dataclass(frozen=True, slots=True)
class PatientFilters(SearchTerm):
    """`q` as typed, `blend_query` as sent (see `blend_query`), `error` for the search box (then
    nothing is searched), the page and its size."""

    q: str = ""
    blend_query: str = ""
    error: str = ""
    page: int = 1
    page_size: int = PAGE_SIZES[0]

    @property
    def searching(self) -> bool:
        return len(self.q) >= SEARCH_MIN_LENGTH and not self.error


class PatientFilterForm(ListFilterForm):
    """The search box is sent as `blend_query` makes it; a date that is no date is its error."""

    q = SearchField(label="Search", placeholder=wording.SEARCH_HELP, help_text=f"{wording.SEARCH_HELP}.")

    def filters(self) -> PatientFilters:
        values = self.values()
        q = values["q"]
        sent, error = blend_query(q) if len(q) >= SEARCH_MIN_LENGTH else ("", "")
        return PatientFilters(
            q=q, blend_query=sent, error=error, page=values["page"], page_size=values["page_size"]
        )


class PatientOrdersPageForm(forms.Form):
    """The page of the patient's orders shown on the patient page (`orders_page`), 1 when missing
    or bad."""

    orders_page = PageField()

    def page(self) -> int:
        return (self.cleaned_data.get("orders_page") if self.is_valid() else None) or 1
