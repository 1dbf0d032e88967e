"""How data reads everywhere in BlendAdmin: dates (MM/DD/YYYY) and times, numbers (with thousands
separators), one sign for "none" (EMPTY), phone numbers, heights and weights, and numbers shown masked
(SSN, driver licence). Plain functions; templates use them as the filters in
`apps/core/templatetags/people.py`, models and forms call them directly."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

MASK = "•"
EMPTY = "—"


def digits(value: object) -> str:
    return re.sub(r"\D", "", str(value or ""))


def phone_us(value: str | None) -> str:
    """`6417383445` -> `(641) 738-3445`; a leading country code 1 is dropped; anything that is not a
    US number is shown as it came (never lost)."""
    number = digits(value)
    if len(number) == 11 and number.startswith("1"):
        number = number[1:]
    if len(number) == 10:
        return f"({number[:3]}) {number[3:6]}-{number[6:]}"
    return str(value or "")


def as_date(value: date | datetime | str | None) -> date | None:
    """A date from a date, an aware or naive datetime (in the current time zone) or an ISO string."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def date_us(value: date | datetime | str | None) -> str:
    """`1984-06-02` -> `06/02/1984` (the form clinic staff write and Blend's search accepts); a
    value that is not a date is shown as it came."""
    day = as_date(value)
    if day is None:
        return str(value or "")
    return f"{day.month:02d}/{day.day:02d}/{day.year:04d}"


def datetime_us(value: datetime | None, seconds: bool = False) -> str:
    """An instant in the current time zone: `06/02/2025 14:05` (`14:05:09` with `seconds`)."""
    if not isinstance(value, datetime):
        return str(value or "")
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{date_us(local.date())} {clock}"


def number(value: object) -> str:
    """`2408` -> `2,408`; `1234.5` -> `1,234.5`; "" for nothing; anything else as it came."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.normalize():,f}"


def money(value: object) -> str:
    """`1234.5` -> `$1,234.50`; "" for nothing."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        return f"${Decimal(str(value)):,.2f}"
    except InvalidOperation:
        return str(value)


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def mask_last4(value: str | None) -> str:
    """Every character but the last 4 behind dots (`••••••8319`); "" when there is nothing, and only
    dots when the value is 4 characters or fewer (its last 4 would be all of it)."""
    text = "".join(str(value or "").split())
    if not text:
        return ""
    if len(text) <= 4:
        return MASK * 4
    return MASK * (len(text) - 4) + text[-4:]


def mask_ssn(value: str | None) -> str:
    """`123456789` -> `•••-••-6789`; "" when there is no SSN, only dots when it is not 9 digits."""
    number = digits(value)
    if not number:
        return ""
    if len(number) != 9:
        return f"{MASK * 3}-{MASK * 2}-{MASK * 4}"
    return f"{MASK * 3}-{MASK * 2}-{number[-4:]}"


def _number(value: float | int) -> str:
    return f"{value:g}"


def height_ft_in(inches: float | int | None) -> str:
    """72 -> `6 ft 0 in (72 in)`."""
    if inches is None or isinstance(inches, bool):
        return ""
    feet, rest = divmod(float(inches), 12)
    return f"{int(feet)} ft {_number(round(rest, 1))} in ({_number(inches)} in)"


def weight_lb(pounds: float | int | None) -> str:
    """180 -> `180 lb`."""
    if pounds is None or isinstance(pounds, bool):
        return ""
    return f"{_number(pounds)} lb"
