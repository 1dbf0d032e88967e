"""The Jinja2 environment (settings.TEMPLATES' second engine, templates under `jinja2/`).

Jinja2 renders the order page's content only (see apps/orders/order_page.py for why); every other
page, and the frame around the order page, is a Django template. Variables are escaped as in
Django templates (Django's safe strings stay as they are), and an undefined name is an error, not
an empty string. The filters and functions are the ones those templates use, from the same code
as the Django template tags."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.template.defaultfilters import capfirst
from django.template.defaultfilters import date as date_format
from django.utils.timezone import template_localtime

import jinja2
from apps.core.reversing import reverse_fast
from apps.orders.line_rows import line_rows_html
from apps.orders.rows import flags_html, order_flags
from apps.orders.templatetags.orders_tags import duration, kind_label, phone, safe_url, status_badge


def local_date(value: date | datetime | None, format_string: str) -> str:
    """Django's `date` filter, in the current time zone, as `{{ value|date:"..." }}` shows it."""
    return date_format(template_localtime(value), format_string) if value is not None else ""


def environment(**options: Any) -> jinja2.Environment:
    options.setdefault("undefined", jinja2.StrictUndefined)
    env = jinja2.Environment(**options)  # noqa: S701 - Django's backend passes autoescape=True
    env.filters.update(
        date=local_date,
        duration=duration,
        phone=phone,
        safe_url=safe_url,
        kind_label=kind_label,
        capfirst=capfirst,
    )
    env.globals.update(
        url=reverse_fast,
        status_badge=status_badge,
        order_flags=lambda order: flags_html(order_flags(order)),
        line_rows=line_rows_html,
    )
    return env
