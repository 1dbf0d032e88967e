"""The order page's content in Jinja2 (apps/orders/order_page.py, jinja2/orders/, blendadmin/jinja_env.py):
escaping as in Django templates, undefined names refused, dates as Django's `date` filter shows them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.template.defaultfilters import date as django_date
from django.test import override_settings
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

import jinja2
from blendadmin.jinja_env import local_date
from tests.orders.helpers import find_order


def env() -> jinja2.Environment:
    return engines["jinja2"].env


def test_it_escapes_values_and_keeps_django_safe_strings():
    template = env().from_string("{{ text }} {{ safe }}")
    assert template.render(text="<b>&", safe=SafeString("<i>ok</i>")) == "&lt;b&gt;&amp; <i>ok</i>"


def test_an_undefined_name_is_an_error_not_an_empty_string():
    with pytest.raises(jinja2.UndefinedError):
        env().from_string("{{ ordr.reference }}").render(order={})


@override_settings(TIME_ZONE="America/New_York")
def test_dates_show_in_the_current_time_zone_as_django_shows_them():
    moment = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    assert local_date(moment, "Y-m-d H:i") == django_date(template_localtime(moment), "Y-m-d H:i")
    assert local_date(moment, "Y-m-d H:i") == "2026-01-01 22:04"
    assert local_date(None, "Y-m-d H:i") == ""


def test_the_page_escapes_the_patients_name(support_client, sandbox):
    order = find_order(sandbox, "received")
    patient = sandbox.state.patients.edit(order["_patient_id"])
    patient["first_name"] = '<script>alert("x")</script>'
    html = support_client.get(f"/orders/{order['id']}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_page_shows_the_order_reference_in_its_title(support_client, sandbox):
    order = find_order(sandbox, "received")
    html = support_client.get(f"/orders/{order['id']}/").content.decode()
    assert f"<title>Order {order['order_number']} · BlendAdmin</title>" in html
