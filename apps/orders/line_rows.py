"""The product lines of the order page, rendered in Python like the list's rows (see rows.py): one
string format per line, every value escaped with `html.escape` (what Django's `escape` does). Each
line of a `received` order carries two small forms (set the quantity, remove the line), and as a
template loop the products section was about half of the order page's rendering after Blend
answered (~1.7 ms of ~3.3 ms at L = 50 ms). The links are filled into patterns reversed once per
page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.http import HttpRequest
from django.template.backends.utils import csrf_input
from django.utils.safestring import SafeString

from apps.blend.models.orders import Order, OrderLine
from apps.core.reversing import UrlPattern, url_pattern
from apps.orders import once

# Filled with escaped values only.
LINE_HTML = (
    "<tr><td>{name}</td><td><code>{sku}</code></td><td>{strength_form}</td>"
    '<td class="small">{reasons}</td><td class="num">{quantity}</td>{remove}</tr>\n'
)
REASON_HTML = '<span title="{}">{}</span>'
FORM_OPEN = (
    '<form method="post" action="{url}" class="line-form" hx-post="{url}" hx-target="#order-products"'
    ' hx-swap="outerHTML" hx-disabled-elt="find button"{confirm}>{csrf_input}'
    '<input type="hidden" name="token" value="{token}">'
    '<input type="hidden" name="order_item_id" value="{item}">'
)
QUANTITY_FORM = (
    FORM_OPEN + '<input type="number" name="quantity" value="{quantity}" min="1" max="9999" required'
    ' aria-label="Quantity of {label}">'
    '<button type="submit" class="btn btn-small btn-secondary">Set</button>{error}</form>'
)
REMOVE_FORM = (
    "<td>" + FORM_OPEN + '<button type="submit" class="btn btn-small btn-danger">Remove</button></form></td>'
)
ERROR_HTML = '<p class="field-error" role="alert">{}</p>'


@dataclass(frozen=True, slots=True)
class LineForms:
    """What the forms on every line of one order page share."""

    quantity_url: UrlPattern
    remove_url: UrlPattern
    csrf_input: str  # Django's own hidden input, what {% csrf_token %} renders
    order: Order
    error_key: str  # the line a refused change belongs to (its order_item_id, else its id)
    error: str

    @classmethod
    def for_page(
        cls,
        request: HttpRequest,
        order: Order,
        *,
        csrf_html: str | None = None,
        error_key: str = "",
        error: str = "",
    ) -> LineForms:
        """`csrf_html`: the page's own hidden CSRF input, when the page has one. Without it a fresh
        one is made (`csrf_input`), a second masked copy of the token: 32 random draws."""
        return cls(
            url_pattern("orders:line_quantity", 3),
            url_pattern("orders:line_remove", 3),
            csrf_html if csrf_html is not None else csrf_input(request),
            order,
            error_key,
            error,
        )


def line_rows_html(lines: Sequence[OrderLine], kind: str, forms: LineForms | None) -> SafeString:
    """The `<tr>` of each line; with `forms` (the user may change this order's lines) each line
    has its quantity form and a remove button."""
    return SafeString("".join(_line_html(line, kind, forms) for line in lines))


def _line_html(line: OrderLine, kind: str, forms: LineForms | None) -> str:
    strength_form = " · ".join(escape(part) for part in (line.strength, line.form) if part)
    reasons = "; ".join(REASON_HTML.format(escape(r.description or ""), escape(r.name)) for r in line.reasons)
    quantity = escape(str(line.quantity))
    remove = ""
    if forms is not None:
        common = {
            "csrf_input": forms.csrf_input,
            "item": escape(line.order_item_id or ""),
        }
        order_id = forms.order.id
        error = forms.error if forms.error and forms.error_key == (line.order_item_id or line.id) else ""
        quantity = QUANTITY_FORM.format(
            url=escape(forms.quantity_url.url(order_id, kind, line.id)),
            confirm="",
            token=escape(once.token_new()),
            quantity=quantity,
            label=escape(line.name),
            error=ERROR_HTML.format(escape(error)) if error else "",
            **common,
        )
        question = f"Remove {line.name or 'this product'} from order {forms.order.reference}?"
        remove = REMOVE_FORM.format(
            url=escape(forms.remove_url.url(order_id, kind, line.id)),
            confirm=f' hx-confirm="{escape(question)}"',
            token=escape(once.token_new()),
            **common,
        )
    return LINE_HTML.format(
        name=escape(line.name or line.id),
        sku=escape(line.sku or "—"),
        strength_form=strength_form,
        reasons=reasons or "—",
        quantity=quantity,
        remove=remove,
    )
