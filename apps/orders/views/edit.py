"""Change an order's shipping address (optionally the patient's too), shipping preference and external
id. Blend fixes the shipping details once the order is verified; the external id can always change.
Only what changed is sent; invalid input sends nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from apps.audit.actor import Actor
from apps.blend.errors import BlendConflict, BlendValidationError
from apps.core.htmx import HtmxHttpRequest
from apps.orders import rules, selectors, services, wording
from apps.orders.forms import OrderEditForm, apply_blend_errors
from apps.orders.services import OrderRefused
from apps.orders.views.common import redirect_to_order, require_perm

TEMPLATE = "orders/edit.html"


@require_http_methods(["GET", "POST"])
@permission_required(rules.VIEW, raise_exception=True)
def order_edit(request: HtmxHttpRequest, order_id: str) -> HttpResponse:
    require_perm(request, rules.EDIT)
    order, options = selectors.order_with_shipping_options(order_id=order_id)
    names = selectors.order_status_names()
    editable = rules.can_edit_shipping(order)
    data = request.POST if request.method == "POST" else None
    form = OrderEditForm(data, order=order, shipping_options=options, shipping_editable=editable)
    if data is not None and form.is_valid():
        changes, update_patient = form.changes()
        if not changes:
            return redirect_to_order(request, order.id, wording.EDIT_NOTHING, "info")
        try:
            services.order_update(
                actor=Actor.from_request(request),
                order_id=order.id,
                changes=changes,
                update_patient=update_patient,
            )
        except BlendConflict as exc:  # the order moved on since it was read: its page shows the state
            message = exc.message if isinstance(exc, OrderRefused) else wording.CHANGED_MEANWHILE
            return redirect_to_order(request, order.id, message, "error")
        except BlendValidationError as exc:
            apply_blend_errors(form, exc)
        else:
            done = wording.EDIT_SAVED_WITH_PATIENT if update_patient else wording.EDIT_SAVED
            return redirect_to_order(request, order.id, done.format(number=order.reference))
    notice = (
        "" if editable else wording.SHIPPING_FIXED.format(status=selectors.status_name(order.status, names))
    )
    context = {"order": order, "form": form, "status_names": names, "notice": notice}
    return render(request, TEMPLATE, context)
