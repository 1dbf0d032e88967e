"""The product lines of a `received` order: change a quantity, remove a line, add catalog products.
Each write goes through the one write path (one-time token), like the actions."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from apps.audit.actor import Actor
from apps.blend.models.orders import PRODUCT_KINDS, Order
from apps.core.forms import apply_blend_errors
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, send_once
from apps.orders import rules, selectors, services, wording
from apps.orders.forms import LineQuantityForm, LineRemoveForm, LinesAddForm
from apps.orders.views.common import (
    DETAIL,
    answer_timeout,
    page_context,
    redirect_to_order,
    render_products,
)

VERB = "change the products of"
TARGET = "the order"
LINES_ADD = "orders/lines_add.html"


def _kind(product_type: str) -> str:
    if product_type not in PRODUCT_KINDS:
        raise Http404("No such product kind")
    return product_type


def _answer(
    request: HtmxHttpRequest,
    order_id: str,
    message: str,
    level: str = "success",
    *,
    order: Order | None = None,
    line_error: tuple[str, str] | None = None,
) -> HttpResponse:
    """The products as Blend has them now (read again unless `order` is given): the section (HTMX),
    the order page with the message next to the line (a bad value), or a redirect to it."""
    if is_fragment(request):
        order = order or selectors.order_get(order_id=order_id)
        return render_products(
            request, order, message=message, level=level, line_error=line_error or ("", "")
        )
    if line_error:
        page = selectors.order_page_data(actor=Actor.from_request(request), order_id=order_id)
        return render(request, DETAIL, page_context(request, page, line_error=line_error))
    return redirect_to_order(request, order.id if order else order_id, message, level)


def _written(
    request: HtmxHttpRequest, order_id: str, outcome: Outcome[Order], *, fresh: bool
) -> HttpResponse:
    """After a line write: `fresh` when Blend's answer is the order as it is now."""
    if outcome.timed_out:
        return answer_timeout(request, order_id, outcome)
    current = outcome.current if isinstance(outcome.current, Order) else None
    order = (outcome.value if fresh else None) or current
    return _answer(request, order_id, outcome.message, outcome.level, order=order)


def _line_name(order: Order, product_type: str, product_id: str, order_item_id: str) -> str:
    for line in getattr(order.products, product_type):
        if (order_item_id and line.order_item_id == order_item_id) or (
            not order_item_id and line.id == product_id
        ):
            return line.name or line.sku or "the product"
    return "the product"


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def line_quantity(
    request: HtmxHttpRequest, order_id: str, product_type: str, product_id: str
) -> HttpResponse:
    kind = _kind(product_type)
    form = LineQuantityForm(request.POST)
    if not form.is_valid():
        error = next(iter(form.errors.get("quantity") or form.errors.get("token") or form.errors.values()))[0]
        key = form.data.get("order_item_id") or product_id
        return _answer(request, order_id, error, "error", line_error=(key, error))
    item, quantity = form.cleaned_data["order_item_id"] or None, form.cleaned_data["quantity"]
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.order_line_set_quantity(
            actor=Actor.from_request(request),
            order_id=order_id,
            product_type=kind,
            product_id=product_id,
            order_item_id=item,
            quantity=quantity,
        ),
        verb=VERB,
        target=TARGET,
        done=lambda order: wording.LINE_QUANTITY_SET.format(
            product=_line_name(order, kind, product_id, item or ""), quantity=quantity
        ),
    )
    return _written(request, order_id, outcome, fresh=True)


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def line_remove(request: HtmxHttpRequest, order_id: str, product_type: str, product_id: str) -> HttpResponse:
    kind = _kind(product_type)
    form = LineRemoveForm(request.POST)
    if not form.is_valid():
        return _answer(request, order_id, next(iter(form.errors.values()))[0], "error")
    item = form.cleaned_data["order_item_id"] or None
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.order_line_remove(
            actor=Actor.from_request(request),
            order_id=order_id,
            product_type=kind,
            product_id=product_id,
            order_item_id=item,
        ),
        verb=VERB,
        target=TARGET,
        done=lambda order: wording.LINE_REMOVED.format(number=order.reference),
    )
    return _written(request, order_id, outcome, fresh=False)


@require_http_methods(["GET", "POST"])
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def lines_add(request: HtmxHttpRequest, order_id: str) -> HttpResponse:
    data = selectors.order_lines_add_data(order_id=order_id)
    order = data.order
    context = {"order": order, "status_names": data.status_names}
    if not rules.can_change_lines(order):
        context["refusal"] = wording.STATUS_REASONS["lines"]
        return render(request, LINES_ADD, context, status=409 if request.method == "POST" else 200)
    post = request.POST if request.method == "POST" else None
    form = LinesAddForm(post, catalog=data.products, reasons=data.reasons)
    if post is not None and form.is_valid():
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.order_lines_add(
                actor=Actor.from_request(request), order_id=order.id, lines=[form.line()]
            ),
            verb="add products to",
            target=f"order {order.reference}",
            done=lambda _: wording.LINES_ADDED.format(
                product=form.product_name, quantity=form.line().quantity, number=order.reference
            ),
        )
        if outcome.timed_out:
            return answer_timeout(request, order.id, outcome)
        if not outcome.fields:
            return redirect_to_order(request, order.id, outcome.message, outcome.level)
        apply_blend_errors(form, outcome.fields, outcome.message, aliases={"id": "product", "sku": "product"})
    return render(request, LINES_ADD, {**context, "form": form})
