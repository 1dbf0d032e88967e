"""Order actions (pause, unpause, cancel, prioritize, request cancellation, request a replacement).

GET shows a confirmation page (the no-JS path and the list's link for actions that take text).
POST runs the action once per one-time token, after the confirmation (`confirmed=1`, sent by
hx-confirm'd buttons and by the confirmation page). Every outcome re-renders the order as Blend has
it now, so a stale page corrects itself.
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from apps.audit.actor import Actor
from apps.blend.errors import BlendConflict, BlendError, BlendTimeout, BlendValidationError
from apps.blend.models.orders import Order
from apps.core.htmx import HtmxHttpRequest
from apps.orders import once, rules, selectors, services, wording
from apps.orders.action_buttons import confirm_text
from apps.orders.forms import ActionForm
from apps.orders.rules import OrderAction
from apps.orders.services import OrderRefused
from apps.orders.views.common import (
    LIST,
    is_fragment,
    redirect_to_order,
    render_row,
    render_state,
    require_perm,
)


def _action_for(request: HtmxHttpRequest, name: str) -> OrderAction:
    action = rules.ACTIONS.get(name)
    if action is None:
        raise Http404("No such order action")
    require_perm(request, action.permission)
    return action


def _answer(
    request: HtmxHttpRequest,
    order_id: str,
    form: ActionForm,
    *,
    message: str,
    level: str = "success",
    order: Order | None = None,
    failed: dict | None = None,
) -> HttpResponse:
    """The order as it is now (read again unless `order` is given), where the request came from."""
    if not is_fragment(request):
        return redirect_to_order(request, order.id if order else order_id, message, level)
    if form.cleaned_data.get("return_to") == "row":
        return render_row(
            request, order or selectors.order_get(order_id=order_id), message=message, level=level
        )
    detail = selectors.order_detail(order_id=order_id, order=order)
    return render_state(request, detail, message=message, level=level, failed=failed)


def _confirm_page(request: HtmxHttpRequest, order_id: str, action: OrderAction, form: ActionForm | None):
    order = selectors.order_get(order_id=order_id)
    reason = action.refusal_reason(order)
    status = selectors.status_name(order.status, selectors.order_status_names())
    context = {
        "order": order,
        "action": action,
        "form": form,
        "text": form.data.get(action.field, "") if form is not None and action.field else "",
        "text_errors": form.errors.get(action.field, []) if form is not None and action.field else [],
        "token_error": wording.FORM_EXPIRED if form is not None and "token" in form.errors else "",
        "confirm": confirm_text(action, order),
        "refusal": wording.refused_before_sending(action.text.verb, order.reference, status, reason)
        if reason
        else "",
    }
    return render(request, "orders/action_confirm.html", context, status=409 if reason and form else 200)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def order_actions_menu(request: HtmxHttpRequest, order_id: str) -> HttpResponse:
    """A list row's actions menu, built when it is opened from the order as Blend has it then."""
    order = selectors.order_get(order_id=order_id)
    if not is_fragment(request):
        return HttpResponseRedirect(reverse("orders:detail", args=[order.id]))
    return render(request, f"{LIST}#row-actions", {"order": order})


@require_http_methods(["GET", "POST"])
@permission_required(rules.VIEW, raise_exception=True)
def order_action(request: HtmxHttpRequest, order_id: str, action: str) -> HttpResponse:
    spec = _action_for(request, action)
    if request.method == "GET":
        return _confirm_page(request, order_id, spec, None)
    form = ActionForm(request.POST, action=spec)
    if not form.is_valid() or not form.cleaned_data["confirmed"]:
        return _invalid(request, order_id, spec, form)
    token = form.cleaned_data["token"]
    if not once.token_claim(token):
        return _answer(request, order_id, form, message=wording.ALREADY_SENT, level="info")
    return _run(request, order_id, spec, form, token)


def _invalid(request: HtmxHttpRequest, order_id: str, action: OrderAction, form: ActionForm) -> HttpResponse:
    """Nothing is sent to Blend: the confirmation page (no JS, or not confirmed yet), or for HTMX the
    order's state with the form's errors."""
    if not is_fragment(request):
        return _confirm_page(request, order_id, action, form)
    if "token" in form.errors:
        return _answer(request, order_id, form, message=wording.FORM_EXPIRED, level="error")
    if form.is_valid():  # valid but not confirmed: ask on the confirmation page
        return HttpResponseClientRedirect(request.path)
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    failed = {"action": action.name, "errors": errors, "text": form.data.get(action.field, "")}
    return _answer(request, order_id, form, message=errors[0], level="error", failed=failed)


def _run(request: HtmxHttpRequest, order_id: str, action: OrderAction, form: ActionForm, token: str):
    actor = Actor.from_request(request)
    try:
        order = services.order_action_run(actor=actor, order_id=order_id, action=action.name, text=form.text)
    except OrderRefused as exc:
        once.token_release(token)
        return _answer(request, order_id, form, message=exc.message, level="error", order=exc.order)
    except BlendConflict:
        once.token_release(token)
        current = selectors.order_get(order_id=order_id)
        name = selectors.status_name(current.status, selectors.order_status_names())
        message = wording.refused_by_blend(action.text.verb, current.reference, name)
        return _answer(request, order_id, form, message=message, level="error", order=current)
    except BlendTimeout:
        return _answer(request, order_id, form, message=wording.timed_out(action.text.label), level="error")
    except BlendValidationError as exc:
        once.token_release(token)
        message = wording.blend_rejected(action.text.verb, exc.message)
        return _answer(request, order_id, form, message=message, level="error")
    except BlendError:  # unavailable, or the order is gone: the frame's error page or toast
        once.token_release(token)  # Blend did not act; the same button may be pressed again
        raise
    done = action.text.done.format(number=order.reference)
    return _answer(request, order_id, form, message=done, order=order)
