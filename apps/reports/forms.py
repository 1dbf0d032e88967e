"""The date range every report reads: two date inputs, presets as links with their dates written
out (a shared link gives the same report), and the range checked before anything is sent to Blend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils import timezone

from apps.core.people import date_us

DEFAULT_DAYS = 30
MAX_DAYS = 366  # a year, leap day included
EARLIEST = date(2000, 1, 1)  # before any order; also keeps the previous period's dates valid


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> DateRange:
        """The period of the same length just before this one."""
        end = self.start - timedelta(days=1)
        return DateRange(end - timedelta(days=self.days - 1), end)

    def __str__(self) -> str:
        return f"{date_us(self.start)} to {date_us(self.end)}"


def last_days(today: date, count: int) -> DateRange:
    return DateRange(today - timedelta(days=count - 1), today)


def presets(today: date) -> list[tuple[str, DateRange]]:
    """(label, range) of the preset links, relative to `today`."""
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    return [
        ("Today", DateRange(today, today)),
        ("7 days", last_days(today, 7)),
        ("30 days", last_days(today, 30)),
        ("90 days", last_days(today, 90)),
        ("This month", DateRange(first_of_month, today)),
        ("Last month", DateRange(last_month_end.replace(day=1), last_month_end)),
    ]


class DateRangeForm(forms.Form):
    """Both dates optional: a missing start counts back from the end (the last 30 days by default)."""

    start_date = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        for name in ("start_date", "end_date"):
            if data.get(name) and data[name] < EARLIEST:
                self.add_error(name, f"Choose dates from {EARLIEST} on.")
        if self.errors:
            return data
        end = data.get("end_date") or timezone.localdate()
        start = data.get("start_date") or max(EARLIEST, end - timedelta(days=DEFAULT_DAYS - 1))
        if start > end:
            self.add_error("end_date", "The end date is before the start date.")
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error("end_date", f"The range is longer than {MAX_DAYS} days; choose a shorter one.")
        else:
            data["range"] = DateRange(start, end)
            # The fields show the range the report is for, also where one was left blank.
            self.data = {"start_date": f"{start:%Y-%m-%d}", "end_date": f"{end:%Y-%m-%d}"}
        return data

    @property
    def date_range(self) -> DateRange | None:
        """The checked range, or None while the form has errors (nothing is read then)."""
        return self.cleaned_data.get("range") if self.is_valid() else None
