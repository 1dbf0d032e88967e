"""Prescriber rules BlendAdmin checks itself: the NPI check digit, a licence's standing (current,
expiring, expired, inactive), who may supervise in a state, and who may change prescribers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from apps.blend.models.prescribers import Prescriber, Qualification
from apps.core.people import date_us

VIEW = "accounts.view_prescribers"
EDIT = "accounts.edit_prescribers"
EXPIRING_DAYS = 30  # a licence expiring within this many days is flagged


def npi_is_valid(npi: str) -> bool:
    """10 digits whose last is the Luhn check digit over `80840` + the first 9 (as CMS defines it)."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed("80840" + npi)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


@dataclass(frozen=True)
class Standing:
    """A licence's standing in words (never colour alone): `key` picks the badge's style."""

    key: str  # current, expiring, expired, inactive
    text: str


def standing(licence: Qualification, *, today: date | None = None) -> Standing:
    today = today or date.today()
    expires = licence.expires_on
    if not licence.is_active:
        return Standing("inactive", "Inactive")
    if expires is not None and expires < today:
        return Standing("expired", f"Expired {date_us(expires)}")
    if expires is not None and expires <= today + timedelta(days=EXPIRING_DAYS):
        days = (expires - today).days
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        return Standing("expiring", f"Expires {when} ({date_us(expires)})")
    return Standing("current", f"Active, expires {date_us(expires)}" if expires else "Active")


def holds_current_licence(prescriber: Prescriber, state: str, *, today: date | None = None) -> bool:
    """True when `prescriber` holds an active, unexpired licence in `state` (BlendAdmin's rule for
    a supervisor; Blend itself asks only for a valid licence in some state)."""
    today = today or date.today()
    return any(
        q.state.upper() == state.upper() and q.is_active and (q.expires_on is None or q.expires_on >= today)
        for q in prescriber.qualifications
    )
