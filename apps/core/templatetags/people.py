"""Template filters for data, the same on every page (`{% load people %}`):

    {{ patient.date_of_birth|date_us }}   06/02/1984
    {{ order.created_at|datetime_us }}    06/02/2025 14:05 (current time zone)
    {{ entry.created_at|datetime_us:"seconds" }}   06/02/2025 14:05:09
    {{ page.total_count|number }}         2,408
    {{ product.price|money }}             $1,234.50
    {{ patient.email|or_none }}           the value, or — when there is none
    {{ patient.phone|phone_us }}          (641) 738-3445
    {{ number|masked_last4 }}             ••••••8319
    {{ number|masked_ssn }}               •••-••-6789
    {{ patient.height_inches|height_ft_in }}, {{ patient.weight_pounds|weight_lb }}

A missing value shows as the one sign for "none" (people.EMPTY, an em dash) from every filter but the
two masks (which give "", as a missing number must not look masked)."""

from __future__ import annotations

from collections.abc import Callable

from django import template

from apps.core import people

register = template.Library()


def _or_empty(format_value: Callable[..., str]) -> Callable[..., str]:
    def formatted(value: object, *args: object) -> str:
        if value is None or value == "":
            return people.EMPTY
        return format_value(value, *args) or people.EMPTY

    formatted.__name__ = format_value.__name__
    return formatted


@register.filter
def or_none(value: object) -> object:
    """The value, or the one sign for "none" when it is None, "" or an empty list (0 stays 0)."""
    if value is None or value == "" or value == [] or value == ():
        return people.EMPTY
    return value


@register.filter("datetime_us")
def datetime_us(value: object, arg: str = "") -> str:
    if value is None or value == "":
        return people.EMPTY
    return people.datetime_us(value, seconds=arg == "seconds") or people.EMPTY


register.filter("date_us", _or_empty(people.date_us))
register.filter("number", _or_empty(people.number))
register.filter("money", _or_empty(people.money))
register.filter("phone_us", _or_empty(people.phone_us))
register.filter("height_ft_in", _or_empty(people.height_ft_in))
register.filter("weight_lb", _or_empty(people.weight_lb))
register.filter("masked_last4", people.mask_last4)
register.filter("masked_ssn", people.mask_ssn)
