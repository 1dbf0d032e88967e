"""Compounding reasons: Blend's global ones (read-only) and the company's own as a tree with
sub-reasons; managers create and change the company's own. The client forgets its cached reason
list on every change (`OrdersAPI._forget_reasons`), so the orders' add-products picker shows it."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apps.audit.actor import Actor
from apps.blend.models.orders import Reason
from apps.catalog import selectors, services, wording
from apps.catalog.forms import ReasonForm
from apps.catalog.rules import EDIT, VIEW, may_edit
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import answer, send_once

LIST = "catalog/reasons.html"
EDIT_PAGE = "catalog/reason_edit.html"


@require_GET
@permission_required(VIEW, raise_exception=True)
def reason_list(request: HtmxHttpRequest) -> HttpResponse:
    context = {"page": selectors.reasons_page_data(), "can_edit": may_edit(request.user)}
    return render(request, LIST, context)


def _save(request: HtmxHttpRequest, form: ReasonForm, reason: Reason | None) -> HttpResponse:
    """Send the form's reason (new, or changes to `reason`): the list once Blend saved it, else the
    form again."""
    data = form.cleaned_data
    values = {
        "name": data["name"],
        "description": data["description"],
        "parent_id": data["parent_id"] or None,
    }
    actor = Actor.from_request(request)
    if reason is None:
        call = lambda: services.reason_create(actor=actor, **values)  # noqa: E731
    else:
        call = lambda: services.reason_update(actor=actor, reason_id=reason.id, changes=values)  # noqa: E731
    outcome = send_once(
        token=data["token"],
        call=call,
        verb="save",
        target=f"the reason {data['name']}",
        done=lambda reason: wording.reason_saved(reason.name),
    )
    return answer(
        request,
        outcome,
        form=form,
        after=reverse("catalog:reasons"),
        again=lambda: render(request, EDIT_PAGE, {"form": form, "reason": reason}),
    )


@require_http_methods(["GET", "POST"])
@permission_required([VIEW, EDIT], raise_exception=True)
def reason_create(request: HtmxHttpRequest) -> HttpResponse:
    page = selectors.reasons_page_data()
    form = ReasonForm(request.POST if request.method == "POST" else None, parents=page.parent_choices())
    if request.method == "POST" and form.is_valid():
        return _save(request, form, None)
    return render(request, EDIT_PAGE, {"form": form, "reason": None})


@require_http_methods(["GET", "POST"])
@permission_required([VIEW, EDIT], raise_exception=True)
def reason_edit(request: HtmxHttpRequest, reason_id: str) -> HttpResponse:
    page = selectors.reasons_page_data()
    reason = page.own(reason_id)
    if reason is None:  # unknown, or one of Blend's (read-only)
        raise Http404("No such reason of yours")
    initial = {
        "name": reason.name,
        "description": reason.description or "",
        "parent_id": reason.parent_id or "",
    }
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        parents=page.parent_choices(exclude=reason.id),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        return _save(request, form, reason)
    return render(request, EDIT_PAGE, {"form": form, "reason": reason})
