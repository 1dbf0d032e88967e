"""What the orders views share: the page's context (buttons, line forms, rows) and the parts of the
order page a write re-renders (apps.core.writes.answer adds the toast or makes the redirect)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from apps.blend.models.orders import Order, OrderLine, OrderSummary
from apps.core.htmx import HtmxHttpRequest
from apps.live.selectors import live_poller
from apps.orders import rules
from apps.orders.forms import ActionForm, LineQuantityForm, LineRemoveForm
from apps.orders.rules import Flag, OrderAction
from apps.orders.selectors import OrderPage
from apps.prescriptions import rules as prescriptions_rules
from apps.tasks import rules as tasks_rules

DETAIL = "orders/detail.html"
LIST = "orders/list.html"


@dataclass(frozen=True)
class ActionButton:
    """One action the user may take on the order now, with its form (one-time token, text field)."""

    action: OrderAction
    form: ActionForm
    confirm: str
    failed: bool = False  # refused: its form opens again with the text and errors


def confirm_text(action: OrderAction, order: OrderSummary) -> str:
    patient = order.patient.full_name if order.patient and order.patient.full_name else "this patient"
    return action.confirm.format(number=order.reference, patient=patient)


def action_buttons(
    request: HtmxHttpRequest, order: OrderSummary, failed: ActionForm | None = None
) -> list[ActionButton]:
    buttons = []
    for action in rules.allowed_actions(order, rules.request_permissions(request)):
        this_failed = failed is not None and failed.action.name == action.name
        form = failed if this_failed else ActionForm(action=action)
        buttons.append(ActionButton(action, form, confirm_text(action, order), this_failed))
    return buttons


@dataclass(frozen=True)
class LineRow:
    kind: str
    line: OrderLine
    quantity_form: LineQuantityForm | None  # None: the user may not change this order's lines
    remove_form: LineRemoveForm | None
    error: str = ""


def product_groups(
    request: HtmxHttpRequest, order: Order, line_error: tuple[str, str] = ("", "")
) -> list[tuple[str, list[LineRow]]]:
    """The order's lines by kind; each with its quantity and remove forms when the user may change them."""
    editable = rules.may_change_lines(order, rules.request_permissions(request))
    key, error = line_error
    groups = []
    for kind, lines in order.products.by_kind():
        rows = [
            LineRow(
                kind,
                line,
                LineQuantityForm(line=line, auto_id=False) if editable else None,
                LineRemoveForm(line=line, auto_id=False) if editable else None,
                error if error and key in (line.order_item_id, line.id) else "",  # either id names the line
            )
            for line in lines
        ]
        if rows:
            groups.append((kind, rows))
    return groups


def page_context(
    request: HtmxHttpRequest,
    page: OrderPage,
    *,
    failed: ActionForm | None = None,
    line_error: tuple[str, str] = ("", ""),
    oob: bool = False,
) -> dict[str, object]:
    """Everything the order page's template shows; the user's rights decided here, not in it."""
    order = page.order
    return {
        **products_context(request, order, line_error=line_error, oob=oob),
        "page": page,
        "flags": rules.order_flags(order),
        "buttons": action_buttons(request, order, failed),
        "can_edit": rules.may_edit(rules.request_permissions(request)),
        "patient_url": _patient_url(order),
        "link_prescriptions": request.user.has_perm(prescriptions_rules.VIEW),
        "see_tasks": request.user.has_perm(tasks_rules.VIEW),
    }


def products_context(
    request: HtmxHttpRequest, order: Order, *, line_error: tuple[str, str] = ("", ""), oob: bool = False
) -> dict[str, object]:
    """The products section's context (`#order-products`); `oob`: swapped out of band."""
    return {
        "order": order,
        "can_add_lines": rules.may_change_lines(order, rules.request_permissions(request)),
        "product_groups": product_groups(request, order, line_error),
        "line_error": line_error[1] if line_error[1] and not line_error[0] else "",
        "oob": oob,
    }


def _patient_url(order: Order) -> str:
    """The patient's page ("" when Blend sent no patient id, or one no URL can carry)."""
    return (
        _reverse_or_blank("patients:detail", order.patient.id) if order.patient and order.patient.id else ""
    )


def order_url(order_id: str) -> str:
    """The order page, where a plain form goes after a write."""
    return reverse("orders:detail", args=[order_id])


def render_state(
    request: HtmxHttpRequest, page: OrderPage, *, failed: ActionForm | None = None
) -> HttpResponse:
    """The order's state (status, flags, buttons, timeline) and, out of band, its products: the parts
    of the order page an action can change; and the page's poller (apps/live) asking from now on, so
    the change just shown does not make the page read itself again (and drop the focus) a moment
    later."""
    context = page_context(request, page, failed=failed, oob=True)
    poller = {"live": live_poller(order_ids=[page.order.id]), "oob": True}
    html = (
        render_to_string(f"{DETAIL}#state", context, request)
        + render_to_string(f"{DETAIL}#products", context, request)
        + render_to_string("live/poller.html", poller, request)
    )
    return HttpResponse(html)


def render_products(
    request: HtmxHttpRequest, order: Order, *, line_error: tuple[str, str] = ("", "")
) -> HttpResponse:
    context = products_context(request, order, line_error=line_error)
    return render(request, f"{DETAIL}#products", context)


@dataclass(frozen=True)
class OrderRow:
    order: OrderSummary
    url: str  # "" when the id cannot be a link (Blend sent an odd one)
    actions_url: str  # "" when this user has no action on the order in its status
    flags: list[Flag]
    selectable: bool = False  # the user may run bulk actions: the row has its select box
    stuck: str = ""  # why Blend says the order is stuck, in words


def may_bulk(perms) -> bool:
    """The user may run some bulk action (apps.bulk): the list shows select boxes and the bulk bar."""
    return bool(rules.bulk_actions(perms))


def list_rows(
    request: HtmxHttpRequest, orders: Iterable[OrderSummary], stuck: dict[str, str] | None = None
) -> list[OrderRow]:
    perms = rules.request_permissions(request)
    rows = []
    for order in orders:
        url = _reverse_or_blank("orders:detail", order.id)
        may_act = url and rules.allowed_actions(order, perms)
        actions_url = _reverse_or_blank("orders:actions_menu", order.id) if may_act else ""
        reason = (stuck or {}).get(order.id, "")
        flags = rules.order_flags(order)
        rows.append(OrderRow(order, url, actions_url, flags, selectable=may_bulk(perms), stuck=reason))
    return rows


def _reverse_or_blank(name: str, record_id: str) -> str:
    try:
        return reverse(name, args=[record_id])
    except NoReverseMatch:
        return ""


def render_row(request: HtmxHttpRequest, order: Order, status_names: dict[str, str]) -> HttpResponse:
    (row,) = list_rows(request, [order])
    return render(request, f"{LIST}#row", {"row": row, "status_names": status_names})
