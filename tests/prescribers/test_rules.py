from __future__ import annotations

from datetime import date

import pytest

from apps.blend.models.prescribers import Prescriber, Qualification
from apps.prescribers.rules import holds_current_licence, npi_is_valid, standing
from apps.sandbox.seed_people import luhn_npi

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize("npi", ["1234567893", luhn_npi("199999999"), luhn_npi("987654321")])
def test_it_accepts_npis_whose_check_digit_is_right(npi):
    assert npi_is_valid(npi)


@pytest.mark.parametrize(
    "npi", ["1234567890", "123456789", "12345678931", "12345678a3", "", "１２３４５６７８９３"]
)
def test_it_refuses_anything_else(npi):
    assert not npi_is_valid(npi)


def test_every_single_digit_typo_is_caught():
    npi = "1234567893"
    for position in range(10):
        for digit in "0123456789":
            typo = npi[:position] + digit + npi[position + 1 :]
            assert npi_is_valid(typo) == (typo == npi)


@pytest.mark.parametrize(
    ("expires", "active", "key", "text"),
    [
        ("2027-01-01", True, "current", "Active, expires 01/01/2027"),
        (None, True, "current", "Active"),
        ("2026-07-01", True, "expiring", "Expires in 30 days (07/01/2026)"),
        ("2026-06-02", True, "expiring", "Expires in 1 day (06/02/2026)"),
        ("2026-06-01", True, "expiring", "Expires today (06/01/2026)"),
        ("2026-05-31", True, "expired", "Expired 05/31/2026"),
        ("2027-01-01", False, "inactive", "Inactive"),
    ],
)
def test_it_words_a_licences_standing(expires, active, key, text):
    result = standing(Qualification(state="MA", expiration_date=expires, is_active=active), today=TODAY)
    assert (result.key, result.text) == (key, text)


def test_a_supervisor_needs_an_active_unexpired_licence_in_the_state():
    prescriber = Prescriber(
        qualifications=[
            Qualification(state="MA", expiration_date="2027-01-01"),
            Qualification(state="NY", expiration_date="2026-01-01"),
            Qualification(state="TX", expiration_date="2027-01-01", is_active=False),
        ]
    )
    assert holds_current_licence(prescriber, "ma", today=TODAY)
    assert not holds_current_licence(prescriber, "NY", today=TODAY)
    assert not holds_current_licence(prescriber, "TX", today=TODAY)
    assert not holds_current_licence(prescriber, "OH", today=TODAY)
