"""Change an order's shipping address (optionally the patient's too, with the patients permission),
shipping preference and external id. Blend fixes the shipping details once the order is verified;
the external id can always change. Only what changed is sent, once per form; invalid input sends
nothing; an order changed at Blend since the form was shown is not overwritten."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from apps.audit.actor import Actor
from apps.blend.models.orders import Order
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import Outcome, answer, send_once
from apps.orders import rules, selectors, services, wording
from apps.orders.forms import OrderEditForm
from apps.orders.selectors import OrderEditData
from apps.orders.views.common import order_url

TEMPLATE = "orders/edit.html"


def _form(
    request: HtmxHttpRequest, data: OrderEditData, order: Order, post: QueryDict | None = None
) -> OrderEditForm:
    return OrderEditForm(
        post,
        order=order,
        shipping_options=data.shipping_options or [],
        shipping_editable=rules.can_edit_shipping(order) and data.shipping_options is not None,
        may_update_patient=request.user.has_perm(rules.EDIT_PATIENTS),
    )


def _page(
    request: HtmxHttpRequest, data: OrderEditData, form: OrderEditForm, outcome: Outcome | None = None
) -> HttpResponse:
    """The edit page; after a refusal because the order changed meanwhile (or its status no longer
    allows the change), the order as it is now with a fresh form and why."""
    order, refusal = data.order, ""
    if outcome is not None and isinstance(outcome.current, Order):
        order, refusal = outcome.current, outcome.message
        form = _form(request, data, order)  # its current values, a new token
    notice = (
        wording.SHIPPING_OPTIONS_UNREAD
        if data.shipping_options is None
        else ""
        if rules.can_edit_shipping(order)
        else wording.SHIPPING_FIXED.format(status=selectors.status_name(order.status, data.status_names))
    )
    context = {
        "order": order,
        "form": form,
        "status_names": data.status_names,
        "notice": notice,
        "refusal": refusal,
    }
    return render(request, TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def order_edit(request: HtmxHttpRequest, order_id: str) -> HttpResponse:
    data = selectors.order_edit_data(actor=Actor.from_request(request), order_id=order_id)
    order = data.order
    form = _form(request, data, order, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        changes, update_patient = form.changes()
        if not changes:
            return answer(request, Outcome.info(wording.EDIT_NOTHING), after=order_url(order.id))
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.order_update(
                actor=Actor.from_request(request),
                order_id=order.id,
                changes=changes,
                update_patient=update_patient,
                seen_updated_at=form.cleaned_data["seen_updated_at"],
                before=form.initial_for(order),
            ),
            verb="change",
            target=f"order {order.reference}",
            done=lambda _: (wording.EDIT_SAVED_WITH_PATIENT if update_patient else wording.EDIT_SAVED).format(
                number=order.reference
            ),
        )
        return answer(
            request,
            outcome,
            form=form,
            after=order_url(order.id),
            again=lambda: _page(request, data, form, outcome),
        )
    return _page(request, data, form)
