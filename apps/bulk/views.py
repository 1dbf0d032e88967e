"""Bulk actions on orders: the selection from the order list (POST), a run's page (dry run, live
progress, outcomes, CSV), its confirmation and its resumption."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from apps.audit.actor import Actor
from apps.bulk import selectors, services
from apps.bulk.forms import BulkConfirmForm, BulkSelectForm
from apps.bulk.models import BulkRun, RunState
from apps.core.exports import csv_response, wants_csv
from apps.core.forms import FORM_EXPIRED
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Refused, send_once
from apps.orders import rules

TEMPLATE = "bulk/run.html"
STALLED_AFTER = timedelta(seconds=60)  # a running run whose worker shows no sign of life this long


def _bulk_actions(request: HtmxHttpRequest) -> list[rules.OrderAction]:
    actions = services.bulk_actions_for(rules.request_permissions(request))
    if not actions:
        raise PermissionDenied
    return actions


def _redirect(request: HtmxHttpRequest, url: str, message: str = "", level: int = messages.SUCCESS):
    if message:
        messages.add_message(request, level, message)
    return HttpResponseClientRedirect(url) if request.htmx else HttpResponseRedirect(url)


def _run_url(run_id: int) -> str:
    return reverse("bulk:run", args=[run_id])


@require_POST
def bulk_new(request: HtmxHttpRequest) -> HttpResponse:
    """The order list's selection: a dry run of the action over the orders ticked, or over every
    order its filters select; the run's page shows it before anything is sent."""
    form = BulkSelectForm(request.POST, actions=_bulk_actions(request))
    back = reverse("orders:list") + (
        f"?{request.POST.get('filters', '')}" if request.POST.get("filters") else ""
    )
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return _redirect(request, back, errors[0], messages.ERROR)
    data = form.cleaned_data
    actor = Actor.from_request(request)
    try:
        if data["scope"] == "filters":
            filters = selectors.filters_from_query(data["filters"])
            orders = selectors.orders_matching(filters=filters)
            chosen = selectors.selection_text(filters, len(orders))
            run = services.bulk_run_create(
                actor=actor, action=data["action"], orders=orders, selection=chosen
            )
        else:
            ids = data["order"]
            chosen = selectors.selection_text(None, len(ids))
            run = services.bulk_run_create(
                actor=actor, action=data["action"], order_ids=ids, selection=chosen
            )
    except Refused as exc:
        return _redirect(request, back, exc.message, messages.ERROR)
    return _redirect(request, _run_url(run.pk))


def _context(request: HtmxHttpRequest, page: selectors.BulkPage, form: BulkConfirmForm | None = None):
    run = page.run
    mine = run.created_by_id == request.user.pk
    stalled = run.state in (RunState.QUEUED, RunState.RUNNING) and (
        (run.heartbeat or run.confirmed_at or run.created_at) < timezone.now() - STALLED_AFTER
    )
    return {
        "page": page,
        "run": run,
        "action": page.action,
        "form": form
        or (BulkConfirmForm(action=page.action) if mine and run.state == RunState.DRAFT else None),
        "can_resume": mine and stalled,
        "as_of": timezone.now(),
    }


@require_GET
@vary_on_headers("HX-Request")
def bulk_run(request: HtmxHttpRequest, run_id: int) -> HttpResponse:
    """A run: its dry run before confirmation, then its live progress and each order's outcome."""
    _bulk_actions(request)
    if not BulkRun.objects.filter(pk=run_id).exists():
        raise Http404("No such bulk action")
    if wants_csv(request):
        return csv_response(selectors.bulk_outcome_export(run_id=run_id))
    page = selectors.bulk_page_data(run_id=run_id)
    return render(
        request, f"{TEMPLATE}#progress" if is_fragment(request) else TEMPLATE, _context(request, page)
    )


@require_POST
def bulk_run_confirm(request: HtmxHttpRequest, run_id: int) -> HttpResponse:
    """Confirm the dry run: the run goes on the queue (once, however often the form is sent)."""
    _bulk_actions(request)
    page = selectors.bulk_page_data(run_id=run_id)
    form = BulkConfirmForm(request.POST, action=page.action)
    if not form.is_valid():
        if "token" in form.errors:
            return _redirect(request, _run_url(run_id), FORM_EXPIRED, messages.ERROR)
        return render(request, TEMPLATE, _context(request, page, form), status=400)
    verb = page.action.text.verb
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.bulk_run_confirm(
            actor=Actor.from_request(request), run_id=run_id, text=form.cleaned_data.get("text", "")
        ),
        verb=verb,
        target=f"{page.allowed} orders",
        done=lambda run: f"Started: {verb} {page.allowed} orders. The page follows each order.",
    )
    level = {"success": messages.SUCCESS, "info": messages.INFO}.get(outcome.level, messages.ERROR)
    return _redirect(request, _run_url(run_id), outcome.message, level)


@require_POST
def bulk_run_resume(request: HtmxHttpRequest, run_id: int) -> HttpResponse:
    """Put a run whose worker stopped back on the queue; orders already sent are not sent again."""
    _bulk_actions(request)
    try:
        services.bulk_run_resume(actor=Actor.from_request(request), run_id=run_id)
    except Refused as exc:
        return _redirect(request, _run_url(run_id), exc.message, messages.ERROR)
    return _redirect(request, _run_url(run_id), "Resumed: orders already sent are not sent again.")
