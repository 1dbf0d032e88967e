"""The product lines of a `received` order: change a quantity, remove a line, add catalog products.
Each write goes through the one write path (one-time token), like the actions."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from apps.audit.actor import Actor
from apps.blend.models.catalog import PRODUCT_KINDS
from apps.blend.models.orders import Order
from apps.core.forms import first_error
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import Outcome, answer, send_once
from apps.orders import rules, selectors, services, wording
from apps.orders.forms import LineQuantityForm, LineRemoveForm, LinesAddForm
from apps.orders.views.common import DETAIL, order_url, page_context, render_products

VERB = "change the products of"
TARGET = "the order"
LINES_ADD = "orders/lines_add.html"


def _kind(product_type: str) -> str:
    if product_type not in PRODUCT_KINDS:
        raise Http404("No such product kind")
    return product_type


def _products(
    request: HtmxHttpRequest,
    order_id: str,
    order: Order | None = None,
    line_error: tuple[str, str] = ("", ""),
) -> HttpResponse:
    """The products section as Blend has them now (read again unless `order` is given)."""
    order = order or selectors.order_after_write(order_id=order_id)
    return render_products(request, order, line_error=line_error)


def _page(request: HtmxHttpRequest, order_id: str, line_error: tuple[str, str]) -> HttpResponse:
    """The order page with the message next to the line (a bad value sent without HTMX)."""
    page = selectors.order_page_data(actor=Actor.from_request(request), order_id=order_id)
    return render(request, DETAIL, page_context(request, page, line_error=line_error))


def _current(outcome: Outcome) -> Order | None:
    """A refusal's order as just re-read."""
    return outcome.current if isinstance(outcome.current, Order) else None


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
        line_error = (form.data.get("order_item_id") or product_id, first_error(form))
        return answer(
            request,
            Outcome.invalid(form),
            form=form,
            fragment=lambda: _products(request, order_id, line_error=line_error),
            again=lambda: _page(request, order_id, line_error),
        )
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
    order = outcome.value or _current(outcome)  # Blend answers with the order as it is now
    return answer(
        request, outcome, after=order_url(order_id), fragment=lambda: _products(request, order_id, order)
    )


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def line_remove(request: HtmxHttpRequest, order_id: str, product_type: str, product_id: str) -> HttpResponse:
    kind = _kind(product_type)
    form = LineRemoveForm(request.POST)
    if not form.is_valid():
        return answer(
            request,
            Outcome.invalid(form),
            after=order_url(order_id),
            fragment=lambda: _products(request, order_id),
        )
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
    return answer(
        request,
        outcome,
        after=order_url(order_id),
        fragment=lambda: _products(request, order_id, _current(outcome)),
    )


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
        return answer(
            request,
            outcome,
            form=form,
            aliases={"id": "product", "sku": "product"},
            after=order_url(order.id),
            again=lambda: render(request, LINES_ADD, {**context, "form": form}),
        )
    return render(request, LINES_ADD, {**context, "form": form})
