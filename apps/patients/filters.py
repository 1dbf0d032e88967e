"""The patient list's query string (`PatientFilters`: search, page, page size) and the patient
page's orders page number: plain parsers, each value falling back to its default on its own.

Blend's patient search matches names, emails, phones and dates of birth; it accepts a date of birth
as YYYY-MM-DD, YYYYMMDD (or part of either) or a full MM/DD/YYYY (changelog 2025-11-20). People also
type 6/2/1984, 06-02-1984 or a phone as (555) 123-4567: those are sent in a form Blend accepts
(1984-06-02, 5551234567); what is typed stays in the box and the URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from apps.core.people import digits
from apps.core.query import (
    PAGE_SIZES,
    SEARCH_MIN_LENGTH,
    SearchTerm,
    query_page_size,
    search_text,
    whole_number,
)
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

    @classmethod
    def from_query(cls, query: QueryDict) -> PatientFilters:
        q = search_text(query)
        sent, error = blend_query(q) if len(q) >= SEARCH_MIN_LENGTH else ("", "")
        return cls(
            q=q,
            blend_query=sent,
            error=error,
            page=whole_number(query.get("page"), default=1),
            page_size=query_page_size(query),
        )

    @property
    def searching(self) -> bool:
        return len(self.q) >= SEARCH_MIN_LENGTH and not self.error
