"""The people filters every page uses ({% load people %})."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings

from apps.core import people


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("6417383445", "(641) 738-3445"),
        ("641-738-3445", "(641) 738-3445"),
        ("+1 641 738 3445", "(641) 738-3445"),
        ("12345", "12345"),
        (None, ""),
    ],
)
def test_it_writes_us_phone_numbers_one_way(value, shown):
    assert people.phone_us(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1984-06-02", "06/02/1984"),
        (date(2001, 12, 9), "12/09/2001"),
        ("not a date", "not a date"),
        (None, ""),
    ],
)
def test_it_writes_dates_month_first(value, shown):
    assert people.date_us(value) == shown


@override_settings(TIME_ZONE="America/New_York")
def test_it_writes_instants_in_the_current_time_zone():
    assert people.datetime_us(datetime(2025, 6, 2, 16, 5, tzinfo=UTC)) == "06/02/2025 12:05"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("B49188319", "•••••8319"), ("1234", "••••"), ("", ""), (None, "")],
)
def test_it_masks_all_but_the_last_four(value, shown):
    assert people.mask_last4(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [("123456789", "•••-••-6789"), ("123-45-6789", "•••-••-6789"), ("6789", "•••-••-••••"), (None, "")],
)
def test_it_masks_an_ssn(value, shown):
    assert people.mask_ssn(value) == shown


def test_it_writes_heights_and_weights():
    assert people.height_ft_in(72) == "6 ft 0 in (72 in)"
    assert people.height_ft_in(65.5) == "5 ft 5.5 in (65.5 in)"
    assert people.weight_lb(180.0) == "180 lb"
    assert people.height_ft_in(None) == people.weight_lb(None) == ""


def test_templates_use_them_as_filters():
    template = Template(
        "{% load people %}{{ p|phone_us }} {{ d|date_us }} {{ s|masked_ssn }} {{ n|masked_last4 }} "
        "{{ h|height_ft_in }} {{ w|weight_lb }} {{ x|phone_us|default:'—' }}"
    )
    context = Context(
        {"p": "6417383445", "d": "1984-06-02", "s": "123456789", "n": "B49188319", "h": 70, "w": 150}
    )
    assert template.render(context) == (
        "(641) 738-3445 06/02/1984 •••-••-6789 •••••8319 5 ft 10 in (70 in) 150 lb —"
    )
