"""Keyboard triage (issue 23) on the recalls: the list of recalls and a recall's orders, whose tables
(one per status) static/js/keys.js takes as one list, since they share its name."""

from __future__ import annotations

import re

import pytest

from tests.recalls.conftest import start

pytestmark = pytest.mark.django_db


def test_a_recalls_orders_are_one_list_across_its_status_tables(manager_client, indexed, a_product):
    recall = start(manager_client, kind=a_product[0], product=a_product[1])
    html = manager_client.get(f"/recalls/{recall.pk}/").text
    tables = re.findall(r'<table\b[^>]*data-keyboard-list="recall-orders"', html)
    assert len(tables) == len({o.status for o in recall.orders.all()}) > 0
    recalls = re.search(
        r'<table\b[^>]*data-keyboard-list="recalls"[^>]*>(.*?)</table>',
        manager_client.get("/recalls/").text,
        re.S,
    )
    assert recalls and f'href="/recalls/{recall.pk}/"' in recalls.group(1)
