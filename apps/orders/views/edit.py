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
from apps.core.forms import apply_blend_errors
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import send_once
from apps.orders import rules, selectors, services, wording
from apps.orders.forms import OrderEditForm
from apps.orders.views.common import answer_timeout, redirect_to_order

TEMPLATE = "orders/edit.html"


@require_http_methods(["GET", "POST"])
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def order_edit(request: HtmxHttpRequest, order_id: str) -> HttpResponse:
    data = selectors.order_edit_data(actor=Actor.from_request(request), order_id=order_id)
    order = data.order

    def form_for(order: Order, post: QueryDict | None = None) -> OrderEditForm:
        return OrderEditForm(
            post,
            order=order,
            shipping_options=data.shipping_options,
            shipping_editable=rules.can_edit_shipping(order),
            may_update_patient=request.user.has_perm(rules.EDIT_PATIENTS),
        )

    form = form_for(order, request.POST if request.method == "POST" else None)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        changes, update_patient = form.changes()
        if not changes:
            return redirect_to_order(request, order.id, wording.EDIT_NOTHING, "info")
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
        if outcome.timed_out:
            return answer_timeout(request, order.id, outcome)
        if outcome.fields:  # Blend refused values: its messages at the fields
            apply_blend_errors(form, outcome.fields, outcome.message)
        elif isinstance(outcome.current, Order):  # changed meanwhile, or its status no longer allows it
            order = outcome.current
            form = form_for(order)  # its current values, a new token
            refusal = outcome.message
        else:
            return redirect_to_order(request, order.id, outcome.message, outcome.level)
    notice = (
        ""
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
