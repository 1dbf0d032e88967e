"""Template filters for people data, the same on every page (`{% load people %}`):

    {{ patient.phone|phone_us }}          (641) 738-3445
    {{ patient.date_of_birth|date_us }}   06/02/1984
    {{ order.created_at|datetime_us }}    06/02/2025 14:05 (current time zone)
    {{ number|masked_last4 }}             ••••••8319
    {{ number|masked_ssn }}               •••-••-6789
    {{ patient.height_inches|height_ft_in }}, {{ patient.weight_pounds|weight_lb }}

Each gives "" for a missing value, so `|default:"—"` can follow."""

from __future__ import annotations

from django import template

from apps.core import people

register = template.Library()

register.filter("phone_us", people.phone_us)
register.filter("date_us", people.date_us)
register.filter("datetime_us", people.datetime_us)
register.filter("masked_last4", people.mask_last4)
register.filter("masked_ssn", people.mask_ssn)
register.filter("height_ft_in", people.height_ft_in)
register.filter("weight_lb", people.weight_lb)
