"""Bulk actions on orders: the selection from the order list (POST), a run's page (dry run, live
progress, outcomes, CSV), its confirmation and its resumption."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.bulk import selectors, services
from apps.bulk.forms import BulkConfirmForm, BulkSelectForm
from apps.bulk.models import BulkRun, RunState
from apps.core.exports import csv_response, wants_csv
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, Refused, answer, send_once
from apps.orders import rules

TEMPLATE = "bulk/run.html"
STALLED_AFTER = timedelta(seconds=60)  # a running run whose worker shows no sign of life this long


def _bulk_actions(request: HtmxHttpRequest) -> list[rules.OrderAction]:
    actions = services.bulk_actions_for(rules.request_permissions(request))
    if not actions:
        raise PermissionDenied
    return actions


def _run_url(run_id: int) -> str:
    return reverse("bulk:run", args=[run_id])


def _recall_url(run: BulkRun) -> str:
    """The recall that started the run (its `purpose` is "recall:<id>"), "" for none."""
    kind, _, recall_id = run.purpose.partition(":")
    return (
        reverse("recalls:detail", args=[int(recall_id)]) if kind == "recall" and recall_id.isdigit() else ""
    )


@require_POST
def bulk_create(request: HtmxHttpRequest) -> HttpResponse:
    """The order list's selection: a dry run of the action over the orders ticked, or over every
    order its filters select; the run's page shows it before anything is sent."""
    form = BulkSelectForm(request.POST, actions=_bulk_actions(request))
    query = request.POST.get("filters", "")
    back = reverse("orders:list") + (f"?{query}" if query else "")
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=back)
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
        return answer(request, Outcome(message=exc.message, level="error"), after=back)
    return answer(request, Outcome(value=run), after=lambda run: _run_url(run.pk))


def _context(request: HtmxHttpRequest, page: selectors.BulkPage, form: BulkConfirmForm | None = None):
    run = page.run
    mine = run.created_by_id == request.user.pk
    stalled = run.state in (RunState.QUEUED, RunState.RUNNING) and (
        (run.heartbeat or run.confirmed_at or run.created_at) < timezone.now() - STALLED_AFTER
    )
    initial = {"text": run.text}
    return {
        "page": page,
        "run": run,
        "action": page.action,
        "form": form
        or (
            BulkConfirmForm(action=page.action, initial=initial)
            if mine and run.state == RunState.DRAFT
            else None
        ),
        "recall_url": _recall_url(run),
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
            return answer(request, Outcome.invalid(form), after=_run_url(run_id))
        return render(request, TEMPLATE, _context(request, page, form), status=400)
    verb = page.action.verb
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.bulk_run_confirm(
            actor=Actor.from_request(request), run_id=run_id, text=form.cleaned_data.get("text", "")
        ),
        verb=verb,
        target=f"{page.allowed} orders",
        done=lambda run: f"Started: {verb} {page.allowed} orders. The page follows each order.",
    )
    return answer(request, outcome, after=_run_url(run_id))


@require_POST
def bulk_run_resume(request: HtmxHttpRequest, run_id: int) -> HttpResponse:
    """Put a run whose worker stopped back on the queue; orders already sent are not sent again."""
    _bulk_actions(request)
    try:
        services.bulk_run_resume(actor=Actor.from_request(request), run_id=run_id)
    except Refused as exc:
        return answer(request, Outcome(message=exc.message, level="error"), after=_run_url(run_id))
    done = Outcome(value=run_id, message="Resumed: orders already sent are not sent again.")
    return answer(request, done, after=_run_url(run_id))
