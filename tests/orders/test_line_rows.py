"""The order page's product lines, rendered in Python (apps.orders.line_rows): the cells, the two
forms a changeable line carries, a refused change's message on its own line, and every value Blend
sent escaped."""

from __future__ import annotations

import re

from django.test import RequestFactory
from django.urls import reverse

from apps.blend.models import Order
from apps.orders.line_rows import LineForms, line_rows_html
from tests.orders.helpers import find_order

ORDER_ID = "0b7f6a2e-1111-4222-8333-944444444444"


def make_order(*lines: dict) -> Order:
    return Order.model_validate(
        {
            "id": ORDER_ID,
            "order_number": "BL-1001",
            "status": "received",
            "products": {"prescription": list(lines)},
        }
    )


def forms_for(order: Order, **error) -> LineForms:
    return LineForms.for_page(RequestFactory().get("/"), order, **error)


LINE = {
    "id": "line-1",
    "order_item_id": "item-1",
    "name": "Minoxidil",
    "sku": "0462",
    "strength": "5%",
    "form": "solution",
    "quantity": 2,
    "reasons": [{"id": "r1", "name": "Dye-Free", "description": "No dye"}, {"id": "r2", "name": "Dosing"}],
}


def test_a_read_only_line_shows_its_cells_and_no_form():
    order = make_order(LINE)
    html = line_rows_html(order.products.prescription, "prescription", None)
    assert html == (
        "<tr><td>Minoxidil</td><td><code>0462</code></td><td>5% · solution</td>"
        '<td class="small"><span title="No dye">Dye-Free</span>; <span title="">Dosing</span></td>'
        '<td class="num">2</td></tr>\n'
    )


def test_missing_values_show_what_the_template_showed():
    order = make_order({"id": "line-2", "quantity": 1})
    html = line_rows_html(order.products.prescription, "prescription", None)
    assert '<td>line-2</td><td><code>—</code></td><td></td><td class="small">—</td>' in html


def test_a_changeable_line_has_a_quantity_form_and_a_remove_form():
    order = make_order(LINE)
    html = line_rows_html(order.products.prescription, "prescription", forms_for(order))
    quantity_url = reverse("orders:line_quantity", args=[ORDER_ID, "prescription", "line-1"])
    remove_url = reverse("orders:line_remove", args=[ORDER_ID, "prescription", "line-1"])
    assert html.count("<form ") == 2
    assert f'action="{quantity_url}"' in html and f'hx-post="{quantity_url}"' in html
    assert f'action="{remove_url}"' in html and 'hx-confirm="Remove Minoxidil from order BL-1001?"' in html
    assert html.count('name="csrfmiddlewaretoken"') == 2
    tokens = re.findall(r'name="token" value="([^"]+)"', html)
    assert len(tokens) == 2 and tokens[0] != tokens[1]  # each form its own one-time token
    assert html.count('name="order_item_id" value="item-1"') == 2
    assert 'name="quantity" value="2"' in html and 'aria-label="Quantity of Minoxidil"' in html
    assert "field-error" not in html


def test_a_refused_change_shows_its_message_on_its_own_line_only():
    order = make_order(LINE, {**LINE, "id": "line-2", "order_item_id": "item-2", "name": "Other"})
    forms = forms_for(order, error_key="item-2", error="Quantity must be at most 10.")
    first, second = line_rows_html(order.products.prescription, "prescription", forms).splitlines()
    assert "field-error" not in first
    assert '<p class="field-error" role="alert">Quantity must be at most 10.</p></form>' in second


def test_every_value_blend_sent_is_escaped():
    hostile = {
        "id": 'l"1<',
        "order_item_id": '"><script>',
        "name": "<b>Mino</b> & Co",
        "sku": "<i>",
        "strength": "<u>5%</u>",
        "form": "'gel'",
        "quantity": 1,
        "reasons": [{"name": "<em>r</em>", "description": '"><img src=x>'}],
    }
    order = make_order(hostile)
    html = line_rows_html(order.products.prescription, "prescription", forms_for(order))
    for raw in ("<b>", "<i>", "<u>", "<em>", "<img", "<script>", "'gel'"):
        assert raw not in html
    assert "&lt;b&gt;Mino&lt;/b&gt; &amp; Co" in html
    assert 'hx-confirm="Remove &lt;b&gt;Mino&lt;/b&gt; &amp; Co from order BL-1001?"' in html
    assert 'value="&quot;&gt;&lt;script&gt;"' in html
    quantity_url = reverse("orders:line_quantity", args=[ORDER_ID, "prescription", 'l"1<'])
    assert quantity_url.endswith("/l%221%3C/quantity/") and f'action="{quantity_url}"' in html


def test_the_order_page_gives_every_form_the_same_csrf_token(support_client, sandbox):
    """The line forms reuse the page's token (what {% csrf_token %} renders) instead of masking a second."""
    order = find_order(sandbox, "received", lambda r: r["products"]["prescription"])
    html = support_client.get(reverse("orders:detail", args=[order["id"]])).content.decode()
    line_forms = re.findall(r'class="line-form".*?name="csrfmiddlewaretoken" value="([^"]+)"', html)
    every_token = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(line_forms) >= 2 and len(every_token) == 1 and set(line_forms) == every_token
    assert f'"x-csrftoken": "{every_token.pop()}"' in html


def test_without_the_pages_token_a_line_form_gets_its_own():
    forms = LineForms.for_page(RequestFactory().get("/"), make_order(LINE), csrf_html=None)
    assert forms.csrf_input.startswith('<input type="hidden" name="csrfmiddlewaretoken" value="')
