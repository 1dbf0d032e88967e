"""The product lines of a `received` order: change a quantity, remove a line, add catalog products.
Each write form carries a one-time token, like the actions."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from apps.audit.actor import Actor
from apps.blend.errors import BlendConflict, BlendError, BlendNotFound, BlendTimeout, BlendValidationError
from apps.blend.models.orders import PRODUCT_KINDS, Order
from apps.core.htmx import HtmxHttpRequest
from apps.orders import once, rules, selectors, services, wording
from apps.orders.forms import LineQuantityForm, LineRemoveForm, LinesAddForm, apply_blend_errors
from apps.orders.services import OrderRefused
from apps.orders.views.common import (
    is_fragment,
    redirect_to_order,
    render_page,
    render_products,
    require_perm,
)

VERB = "change the products of"


def _kind(request: HtmxHttpRequest, product_type: str) -> str:
    require_perm(request, rules.EDIT)
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
    """The products as Blend has them now: the section (HTMX) or the order page."""
    key, error = line_error or ("", "")
    if is_fragment(request):
        order = order or selectors.order_get(order_id=order_id)
        return render_products(
            request, order, message=message, level=level, line_error_key=key, line_error=error
        )
    if line_error:  # a bad value: the order page with the message next to the line
        detail = selectors.order_detail(order_id=order_id)
        return render_page(request, detail, line_error_key=key, line_error=error)
    return redirect_to_order(request, order.id if order else order_id, message, level)


def _write(
    request: HtmxHttpRequest,
    order_id: str,
    token: str,
    call: Callable[[Actor], Order],
    done: Callable[[Order], str],
) -> HttpResponse:
    """Claim the token, run `call`, and answer with the products as they are now."""
    if not once.token_claim(token):
        return _answer(request, order_id, wording.ALREADY_SENT, "info")
    try:
        order = call(Actor.from_request(request))
    except OrderRefused as exc:
        once.token_release(token)
        return _answer(request, order_id, exc.message, "error", order=exc.order)
    except BlendConflict:
        once.token_release(token)
        return _answer(request, order_id, wording.CHANGED_MEANWHILE, "error")
    except BlendValidationError as exc:
        once.token_release(token)
        return _answer(request, order_id, wording.blend_rejected(VERB, exc.message), "error")
    except BlendNotFound:  # the line is gone (another tab); if the order is gone too, that is a 404
        once.token_release(token)
        return _answer(request, order_id, wording.LINE_GONE, "error")
    except BlendTimeout:
        return _answer(request, order_id, wording.timed_out("change products"), "error")
    except BlendError:
        once.token_release(token)
        raise
    return _answer(request, order_id, done(order), order=order)


def _line_name(order: Order, product_type: str, product_id: str, order_item_id: str) -> str:
    for line in getattr(order.products, product_type):
        if (order_item_id and line.order_item_id == order_item_id) or (
            not order_item_id and line.id == product_id
        ):
            return line.name or line.sku or "the product"
    return "the product"


@require_POST
@permission_required(rules.VIEW, raise_exception=True)
def line_quantity(
    request: HtmxHttpRequest, order_id: str, product_type: str, product_id: str
) -> HttpResponse:
    kind = _kind(request, product_type)
    form = LineQuantityForm(request.POST)
    key = request.POST.get("order_item_id") or product_id
    if not form.is_valid():
        error = next(iter(form.errors.get("quantity") or form.errors.get("token") or [wording.FORM_EXPIRED]))
        return _answer(request, order_id, error, "error", line_error=(key, error))
    item, quantity = form.cleaned_data["order_item_id"] or None, form.cleaned_data["quantity"]

    def call(actor: Actor) -> Order:
        return services.order_line_set_quantity(
            actor=actor,
            order_id=order_id,
            product_type=kind,
            product_id=product_id,
            order_item_id=item,
            quantity=quantity,
        )

    def done(order: Order) -> str:
        name = _line_name(order, kind, product_id, item or "")
        return wording.LINE_QUANTITY_SET.format(product=name, quantity=quantity)

    return _write(request, order_id, form.cleaned_data["token"], call, done)


@require_POST
@permission_required(rules.VIEW, raise_exception=True)
def line_remove(request: HtmxHttpRequest, order_id: str, product_type: str, product_id: str) -> HttpResponse:
    kind = _kind(request, product_type)
    form = LineRemoveForm(request.POST)
    if not form.is_valid():
        return _answer(request, order_id, wording.FORM_EXPIRED, "error")
    item = form.cleaned_data["order_item_id"] or None

    def call(actor: Actor) -> Order:
        return services.order_line_remove(
            actor=actor, order_id=order_id, product_type=kind, product_id=product_id, order_item_id=item
        )

    def done(order: Order) -> str:
        return wording.LINE_REMOVED.format(number=order.reference)

    return _write(request, order_id, form.cleaned_data["token"], call, done)


@require_http_methods(["GET", "POST"])
@permission_required(rules.VIEW, raise_exception=True)
def lines_add(request: HtmxHttpRequest, order_id: str) -> HttpResponse:
    require_perm(request, rules.EDIT)
    order, catalog = selectors.order_with_catalog(order_id=order_id)
    context = {"order": order, "status_names": selectors.order_status_names()}
    if not rules.can_change_lines(order):
        context["refusal"] = wording.STATUS_REASONS["lines"]
        return render(
            request, "orders/lines_add.html", context, status=409 if request.method == "POST" else 200
        )
    data = request.POST if request.method == "POST" else None
    form = LinesAddForm(
        data, initial={"token": once.token_new()}, catalog=catalog.products, reasons=catalog.reasons
    )
    if data is not None and form.is_valid():
        response = _add(request, order, form)
        if response is not None:
            return response
    return render(request, "orders/lines_add.html", {**context, "form": form})


def _add(request: HtmxHttpRequest, order: Order, form: LinesAddForm) -> HttpResponse | None:
    """Send the new line; None when Blend refused the input (the form then shows why)."""
    token = form.cleaned_data["token"]
    if not once.token_claim(token):
        return redirect_to_order(request, order.id, wording.ALREADY_SENT, "info")
    try:
        services.order_lines_add(actor=Actor.from_request(request), order_id=order.id, lines=[form.line()])
    except BlendConflict as exc:
        once.token_release(token)
        message = exc.message if isinstance(exc, OrderRefused) else wording.CHANGED_MEANWHILE
        return redirect_to_order(request, order.id, message, "error")
    except BlendValidationError as exc:
        once.token_release(token)
        apply_blend_errors(form, exc, aliases={"id": "product", "sku": "product"})
        return None
    except BlendTimeout:
        return redirect_to_order(request, order.id, wording.timed_out("add product"), "error")
    except BlendError:
        once.token_release(token)
        raise
    done = wording.LINES_ADDED.format(
        product=form.product_name, quantity=form.line().quantity, number=order.reference
    )
    return redirect_to_order(request, order.id, done)
