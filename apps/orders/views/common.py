"""What the orders views share: permission checks, fragment-or-page, and the answers after a write
(the re-rendered state plus a toast for HTMX, a redirect with a message otherwise)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from apps.blend.models.orders import Order, OrderSummary
from apps.core.frames import PageFrame
from apps.core.htmx import HtmxHttpRequest, add_toast, is_fragment  # noqa: F401 - re-exported
from apps.orders import order_page, rules, selectors
from apps.orders.rows import OrderRow, order_rows
from apps.orders.selectors import OrderDetail

DETAIL = "orders/detail.html"
LIST = "orders/list.html"
MESSAGE_LEVELS = {"success": messages.SUCCESS, "error": messages.ERROR, "info": messages.INFO}


def require_perm(request: HtmxHttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def with_toast(response: HttpResponse, message: str = "", level: str = "success") -> HttpResponse:
    return add_toast(response, message, level) if message else response


def render_page(
    request: HtmxHttpRequest,
    detail: OrderDetail,
    *,
    frame: PageFrame | None = None,
    line_error_key: str = "",
    line_error: str = "",
) -> HttpResponse:
    """The whole order page: its content (order_page.py) in the site's frame (`frame`, when it was
    rendered while Blend answered), every form on it with the frame's masked CSRF token."""
    frame = frame or PageFrame.render(request, DETAIL)
    content = order_page.content_html(
        request, detail, csrf_token=frame.csrf_token, line_error_key=line_error_key, line_error=line_error
    )
    return frame.response(title=f"Order {detail.order.reference}", content=content)


def render_state(
    request: HtmxHttpRequest,
    detail: OrderDetail,
    *,
    message: str = "",
    level: str = "success",
    failed: dict[str, Any] | None = None,
) -> HttpResponse:
    """The order's state (status, flags, buttons, timeline) and, out of band, its products: the parts
    of the detail page an action can change."""
    state = order_page.state_html(request, detail, failed=failed)
    products = order_page.products_html(request, detail.order, oob=True)
    return with_toast(HttpResponse(state + products), message, level)


def render_products(
    request: HtmxHttpRequest,
    order: Order,
    *,
    message: str = "",
    level: str = "success",
    line_error_key: str = "",
    line_error: str = "",
) -> HttpResponse:
    products = order_page.products_html(request, order, line_error_key=line_error_key, line_error=line_error)
    return with_toast(HttpResponse(products), message, level)


def list_rows(
    request: HtmxHttpRequest, orders: Iterable[OrderSummary], status_names: dict[str, str]
) -> list[OrderRow]:
    return order_rows(orders, status_names=status_names, perms=rules.request_permissions(request))


def render_row(
    request: HtmxHttpRequest, order: Order, *, message: str = "", level: str = "success"
) -> HttpResponse:
    (row,) = list_rows(request, [order], selectors.order_status_names())
    return with_toast(render(request, f"{LIST}#row", {"row": row}), message, level)


def redirect_to_order(request: HtmxHttpRequest, order_id: str, message: str = "", level: str = "success"):
    """After a plain (non-HTMX) form: back to the order page, the message shown there as a toast."""
    if message:
        messages.add_message(request, MESSAGE_LEVELS[level], message)
    return HttpResponseRedirect(reverse("orders:detail", args=[order_id]))
