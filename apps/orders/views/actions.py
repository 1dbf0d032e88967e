"""Order actions (pause, unpause, cancel, prioritize, request cancellation, request a replacement).

GET shows a confirmation page (the no-JS path and the list's link for actions that take text).
POST runs the action through the one write path after the confirmation (`confirmed=1`, sent by
hx-confirm'd buttons and by the confirmation page). Every outcome re-renders the order as Blend has
it now, so a stale page corrects itself; after a timeout nothing is read again."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from apps.audit.actor import Actor
from apps.blend.models.orders import Order
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once
from apps.orders import rules, selectors, services, wording
from apps.orders.forms import ActionForm
from apps.orders.rules import OrderAction
from apps.orders.views.common import (
    LIST,
    action_buttons,
    confirm_text,
    order_url,
    render_row,
    render_state,
)


def _action_for(request: HtmxHttpRequest, name: str) -> OrderAction:
    action = rules.ACTIONS.get(name)
    if action is None:
        raise Http404("No such order action")
    if not request.user.has_perm(action.permission):
        raise PermissionDenied
    return action


def _fragment(
    request: HtmxHttpRequest, order_id: str, form: ActionForm, order: Order | None = None
) -> HttpResponse:
    """The order as it is now (read again unless `order` is given), where the request came from: its
    list row, or the order page's state with the action's form open again when it was refused (not
    for an out-of-date token: that form is no good)."""
    if form.cleaned_data.get("return_to") == "row":
        order = order or selectors.order_after_write(order_id=order_id)
        return render_row(request, order, selectors.order_status_names())
    page = selectors.order_page_after_write(order_id=order_id, order=order)
    failed = form if form.errors and "token" not in form.errors else None
    return render_state(request, page, failed=failed)


def _confirm_page(request: HtmxHttpRequest, order_id: str, action: OrderAction, form: ActionForm | None):
    order = selectors.order_data(actor=Actor.from_request(request), order_id=order_id)
    reason = action.refusal_reason(order)
    names = selectors.order_status_names()
    context = {
        "order": order,
        "action": action,
        "form": form or ActionForm(action=action, initial={"confirmed": True}),
        "status_names": names,
        "confirm": confirm_text(action, order),
        "refusal": wording.refused_before_sending(
            action.verb, order.reference, selectors.status_name(order.status, names), reason
        )
        if reason
        else "",
    }
    return render(request, "orders/action_confirm.html", context, status=409 if reason and form else 200)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def order_actions_menu(request: HtmxHttpRequest, order_id: str) -> HttpResponse:
    """A list row's actions menu, built when it is opened from the order as Blend has it then."""
    order = selectors.order_data(actor=Actor.from_request(request), order_id=order_id)
    if not is_fragment(request):
        return HttpResponseRedirect(reverse("orders:detail", args=[order.id]))
    context = {"order": order, "buttons": action_buttons(request, order)}
    return render(request, f"{LIST}#row-actions", context)


@require_http_methods(["GET", "POST"])
@permission_required(rules.VIEW, raise_exception=True)
def order_action(request: HtmxHttpRequest, order_id: str, action: str) -> HttpResponse:
    spec = _action_for(request, action)
    if request.method == "GET":
        return _confirm_page(request, order_id, spec, None)
    form = ActionForm(request.POST, action=spec)
    if not form.is_valid() or not form.cleaned_data["confirmed"]:
        return _invalid(request, order_id, spec, form)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.order_action_run(
            actor=Actor.from_request(request), order_id=order_id, action=spec.name, text=form.text
        ),
        verb=spec.verb,
        target="the order",
        done=lambda order: spec.done.format(number=order.reference),
    )
    order = outcome.value or outcome.current
    return answer(
        request,
        outcome,
        form=form if spec.field else None,  # Blend refused the text: its form opens again with why
        after=order_url(order.id if order else order_id),
        fragment=lambda: _fragment(request, order_id, form, order),
    )


def _invalid(request: HtmxHttpRequest, order_id: str, action: OrderAction, form: ActionForm) -> HttpResponse:
    """Nothing is sent to Blend: the confirmation page (no JS, or not confirmed yet), or for HTMX the
    order's state with the form's errors."""
    if not is_fragment(request):
        return _confirm_page(request, order_id, action, form)
    if form.is_valid():  # valid but not confirmed: ask on the confirmation page
        return HttpResponseClientRedirect(request.path)
    return answer(request, Outcome.invalid(form), fragment=lambda: _fragment(request, order_id, form))
