"""The order page's content, and the two parts of it an action re-renders (status and actions,
products), rendered with Jinja2 from `jinja2/orders/` into the shared frame
(`templates/orders/detail.html`, a Django template like every other page).

Why Jinja2 here: the order page is rendered right after Blend answers, and at L = 50 ms the Django
template took ~2.3 ms of the page's time to render this content (~0.7 ms warm; work done after a
50 ms wait runs 2-3x slower on the benchmark VM). Jinja2 compiles templates to Python functions and
renders the same markup in about a third of the time; measured A/B, see bench/README.md.

The templates get only plain values: what the user may do (`buttons`, `can_edit`, `line_forms`) is
decided here, from the same rules and the same Python renderers as the rest of the orders pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.utils.html import format_html
from django.utils.safestring import SafeString

from apps.blend.models.orders import Order
from apps.orders import rules
from apps.orders.action_buttons import action_buttons_html, order_buttons
from apps.orders.line_rows import LineForms
from apps.orders.selectors import OrderDetail
from apps.orders.templatetags.orders_tags import patient_url

CONTENT = "orders/order_content.html"
STATE = "orders/order_state.html"
PRODUCTS = "orders/order_products.html"


def csrf_input_html(request: HttpRequest, token: str | None = None) -> SafeString:
    """The hidden CSRF input every form on the page shares: one masked copy of the token (`token`,
    the one the page's frame shows, else a new one)."""
    token = token if token is not None else get_token(request)
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _render(name: str, context: dict[str, Any]) -> SafeString:
    return SafeString(engines["jinja2"].env.get_template(name).render(context))


def _state_context(
    request: HttpRequest, detail: OrderDetail, csrf_html: str, failed: dict[str, Any] | None
) -> dict[str, Any]:
    perms = rules.request_permissions(request)
    buttons = action_buttons_html(
        order_buttons(detail.order, perms),
        target="#order-state",
        return_to="detail",
        csrf_html=csrf_html,
        failed=failed,
    )
    return {"detail": detail, "order": detail.order, "buttons": buttons, "can_edit": rules.may_edit(perms)}


def _products_context(
    request: HttpRequest, order: Order, csrf_html: str, *, line_error_key: str, line_error: str, oob: bool
) -> dict[str, Any]:
    line_forms = None
    if rules.may_change_lines(order, rules.request_permissions(request)):
        line_forms = LineForms.for_page(
            request, order, csrf_html=csrf_html, error_key=line_error_key, error=line_error
        )
    return {
        "order": order,
        "line_forms": line_forms,
        "line_error": line_error,
        "line_error_key": line_error_key,
        "oob": oob,
    }


def content_html(
    request: HttpRequest,
    detail: OrderDetail,
    *,
    csrf_token: str,
    line_error_key: str = "",
    line_error: str = "",
) -> SafeString:
    """The whole page's content: status and actions, patient, shipping, shipments, products.
    `csrf_token`: the masked token the page's frame shows, for every form here too."""
    csrf_html = csrf_input_html(request, csrf_token)
    context = {
        **_state_context(request, detail, csrf_html, None),
        **_products_context(
            request, detail.order, csrf_html, line_error_key=line_error_key, line_error=line_error, oob=False
        ),
        "patient_link": patient_url(detail.order),
    }
    return _render(CONTENT, context)


def state_html(
    request: HttpRequest, detail: OrderDetail, *, failed: dict[str, Any] | None = None
) -> SafeString:
    """Status, requests, actions and history (`#order-state`); `failed`: a refused action's form,
    open again with its text and errors."""
    return _render(STATE, _state_context(request, detail, csrf_input_html(request), failed))


def products_html(
    request: HttpRequest, order: Order, *, line_error_key: str = "", line_error: str = "", oob: bool = False
) -> SafeString:
    """The products section (`#order-products`); `oob`: swapped out of band, next to the state."""
    context = _products_context(
        request,
        order,
        csrf_input_html(request),
        line_error_key=line_error_key,
        line_error=line_error,
        oob=oob,
    )
    return _render(PRODUCTS, context)
