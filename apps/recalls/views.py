"""Recalls (managers only): the list, starting a recall from a product or a lot, its report (printable,
CSV) and the bulk action it takes on its orders (confirmed and followed on the bulk run's page)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.bulk.models import BulkRun
from apps.core.exports import csv_response, wants_csv
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, Refused, answer, send_once
from apps.recalls import rules, selectors, services
from apps.recalls.forms import RecallRunForm, RecallStartForm, RecallSubjectForm
from apps.recalls.models import Recall

LIST = "recalls/list.html"
NEW = "recalls/new.html"
DETAIL = "recalls/detail.html"


def _recall_url(recall_id: int) -> str:
    return reverse("recalls:detail", args=[recall_id])


def _recall_or_404(recall_id: int) -> None:
    if not Recall.objects.filter(pk=recall_id).exists():
        raise Http404("No such recall")


@require_GET
@permission_required(rules.MANAGE, raise_exception=True)
@vary_on_headers("HX-Request")
def recall_list(request: HtmxHttpRequest) -> HttpResponse:
    context = {"rows": selectors.recall_list_data(), "subject_form": RecallSubjectForm(auto_id="find-%s")}
    return render(request, f"{LIST}#recalls" if is_fragment(request) else LIST, context)


SUBJECT_FIELDS = ("lot", "kind", "product", "__all__")


def _subject_query(form: RecallStartForm) -> dict | None:
    """What the form names to recall, when it names it without error (None: nothing to read)."""
    if not form.is_bound:
        return form.initial or None
    form.is_valid()
    return None if any(name in form.errors for name in SUBJECT_FIELDS) else form.cleaned_data


def _say_at(form: RecallStartForm, field: str, message: str) -> None:
    """`message` at `field` (at the top for none), on a form shown from the query (unbound) too."""
    if form.is_bound:
        form.add_error(field or None, message)
    else:
        form.errors.setdefault(field or "__all__", form.error_class()).append(message)


def _new_page(request: HtmxHttpRequest, form: RecallStartForm, *, status: int = 200) -> HttpResponse:
    """The start form, with what is recalled as Blend has it when the form names it."""
    subject = None
    data = _subject_query(form)
    if data:
        try:
            subject = selectors.recall_subject_find(
                lot=data.get("lot", ""), kind=data.get("kind", ""), product=data.get("product", "")
            )
        except Refused as exc:
            _say_at(form, exc.field, exc.message)
            status = 404
    context = {"form": form, "subject": subject, "as_of": selectors.index_as_of()}
    return render(request, f"{NEW}#subject" if is_fragment(request) else NEW, context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required(rules.MANAGE, raise_exception=True)
def recall_new(request: HtmxHttpRequest) -> HttpResponse:
    """GET `?lot=<id>` or `?kind=<kind>&product=<id>` (the catalog's "Start a recall"): what is
    recalled and a reason to give; POST starts the recall and goes to its report."""
    if request.method == "GET":
        query = RecallSubjectForm(request.GET)
        if not query.given:
            return _new_page(request, RecallStartForm())
        if not query.is_valid():
            form = RecallStartForm(initial=request.GET.dict())
            form.errors.update(query.errors)  # the query's errors, at its fields (nothing read)
            return render(request, NEW, {"form": form, "subject": None, "as_of": None}, status=400)
        return _new_page(request, RecallStartForm(initial=query.cleaned_data))
    form = RecallStartForm(request.POST)
    if not form.is_valid():
        if "token" in form.errors:
            return answer(request, Outcome.invalid(form), after=reverse("recalls:new"))
        return _new_page(request, form, status=400)
    data = form.cleaned_data
    outcome = send_once(
        token=data["token"],
        call=lambda: services.recall_start(
            actor=Actor.from_request(request),
            lot=data["lot"],
            kind=data["kind"] if data["product"] else "",
            product=data["product"],
            reason=data["reason"],
        ),
        verb="start",
        target="the recall",
        done=lambda recall: f"Recall started: {recall.orders.count()} open orders hold it.",
    )
    return answer(
        request,
        outcome,
        after=lambda recall: _recall_url(recall.pk),
        again=lambda: _new_page(request, form, status=400),
        form=form,
    )


def _detail(
    request: HtmxHttpRequest, recall_id: int, form: RecallRunForm | None = None, *, status: int = 200
):
    report = selectors.recall_page_data(actor=Actor.from_request(request), recall_id=recall_id)
    form = form or RecallRunForm(initial={"reason": report.recall.reason})
    context = {"report": report, "recall": report.recall, "form": form}
    return render(request, f"{DETAIL}#report" if is_fragment(request) else DETAIL, context, status=status)


@require_GET
@permission_required(rules.MANAGE, raise_exception=True)
@vary_on_headers("HX-Request")
def recall_detail(request: HtmxHttpRequest, recall_id: int) -> HttpResponse:
    """The recall's report: its orders by status, patients and prescribers, each order's outcome, who
    did what; printable, and as CSV (`format=csv`)."""
    _recall_or_404(recall_id)
    if wants_csv(request):
        return csv_response(
            selectors.recall_report_export(actor=Actor.from_request(request), recall_id=recall_id)
        )
    return _detail(request, recall_id)


@require_POST
@permission_required(rules.MANAGE, raise_exception=True)
def recall_run(request: HtmxHttpRequest, recall_id: int) -> HttpResponse:
    """A bulk pause or cancellation of the recall's orders, with its reason: its dry run, on the bulk
    run's page, where it is confirmed and followed."""
    _recall_or_404(recall_id)
    form = RecallRunForm(request.POST)
    if not form.is_valid():
        if "token" in form.errors:
            return answer(request, Outcome.invalid(form), after=_recall_url(recall_id))
        return _detail(request, recall_id, form, status=400)
    data = form.cleaned_data
    outcome: Outcome[BulkRun] = send_once(
        token=data["token"],
        call=lambda: services.recall_run_create(
            actor=Actor.from_request(request),
            recall_id=recall_id,
            action=data["action"],
            reason=data["reason"],
        ),
        verb="prepare",
        target="the bulk action",
        done=lambda run: "Dry run ready: nothing is sent until you confirm it.",
    )
    return answer(
        request,
        outcome,
        after=lambda run: reverse("bulk:run", args=[run.pk]),
        again=lambda: _detail(request, recall_id, form, status=400),
        form=form,
    )
