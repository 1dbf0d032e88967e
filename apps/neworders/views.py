"""The new-order steps: start (or pick up) a draft, one page per step, the two type-aheads, the review
that sends, and the result. Nothing reaches Blend before the review is confirmed; each step keeps
what was typed whichever button was pressed."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.query import SEARCH_MIN_LENGTH
from apps.core.search import Matches
from apps.core.writes import ALREADY_SENT, Outcome, answer, send_once
from apps.neworders import plan as plans
from apps.neworders import rules, selectors, services, wording
from apps.neworders.forms import TypeaheadForm
from apps.neworders.models import OrderDraft
from apps.neworders.steps import (
    FORM_STEPS,
    STEPS,
    StepForms,
    bind,
    existing_record_errors,
    first,
    place_blend_errors,
    posted,
    review_form,
    with_one_more_line,
)
from apps.prescriptions import rules as prescriptions_rules

NEEDED = list(rules.NEEDED)
START = "neworders/start.html"
STEP = "neworders/step.html"
RESULT = "neworders/result.html"
CREATE_PERMISSION = {"patient": rules.CREATE_PATIENT, "prescriber": rules.CREATE_PRESCRIBER}
LINE_PREFIX = {"medications": "medications", "products": "products"}


def _step_url(draft: OrderDraft, step: str, *, check: bool = False) -> str:
    url = reverse("neworders:step", args=[draft.id, step])
    return f"{url}?check=1" if check else url


def _neighbour(step: str, offset: int) -> str:
    index = min(max(STEPS.index(step) + offset, 0), len(STEPS) - 1)
    return STEPS[index]


def _progress(draft: OrderDraft, current: str) -> list[dict[str, object]]:
    return [
        {
            "step": step,
            "title": wording.STEP_TITLES[step],
            "url": _step_url(draft, step),
            "current": step == current,
            "refused": step in (draft.data.get("blend_errors") or {}),
        }
        for step in STEPS
    ]


@require_http_methods(["GET", "POST"])
@permission_required(NEEDED, raise_exception=True)
def start(request: HtmxHttpRequest) -> HttpResponse:
    """GET: the user's unfinished drafts and a button to start; POST: start one (from a patient's or
    prescriber's page, with them filled in) and open its first step."""
    if request.method == "POST":
        patient_id = request.POST.get("patient_id", "")[:64]
        prescriber_id = request.POST.get("prescriber_id", "")[:64]
        draft = services.draft_start(user=request.user, patient_id=patient_id, prescriber_id=prescriber_id)
        return HttpResponseRedirect(
            _step_url(draft, "prescriber" if patient_id and not prescriber_id else "patient")
        )
    services.drafts_purge()
    context = {
        "drafts": selectors.drafts_open(user=request.user),
        "can_submit_prescription": request.user.has_perm(prescriptions_rules.SUBMIT),
    }
    return render(request, START, context)


@require_POST
@permission_required(NEEDED, raise_exception=True)
def discard(request: HtmxHttpRequest, draft_id: str) -> HttpResponse:
    selectors.draft_get(user=request.user, draft_id=draft_id).delete()
    messages.info(request, "The order draft was discarded; nothing was sent.")
    return HttpResponseRedirect(reverse("neworders:start"))


def _quiet(forms: StepForms) -> None:
    """Validate to know the values, but show no message: a step opened again shows what was typed,
    not errors the user has not asked to see yet."""
    from django.forms.utils import ErrorDict, ErrorList

    forms.is_valid()
    for form in (forms.main, forms.new):
        if form is not None:
            form._errors = ErrorDict()
    if forms.lines is not None:
        for form in forms.lines.forms:
            form._errors = ErrorDict()
        forms.lines._errors = [ErrorDict() for _ in forms.lines.forms]
        forms.lines._non_form_errors = ErrorList()


def _hits_for(request: HtmxHttpRequest, step: str, q: str) -> Matches:
    """The type-ahead's matches (a term Blend refuses comes back as `refused`, said at the box)."""
    if len(q) < SEARCH_MIN_LENGTH:
        return Matches()
    if step == "patient":
        return selectors.patient_typeahead(actor=Actor.from_request(request), q=q)
    return selectors.prescriber_typeahead(q=q)


def _render_step(
    request: HtmxHttpRequest, draft: OrderDraft, step: str, forms: StepForms, ref, *, status: int = 200
) -> HttpResponse:
    main = forms.main
    q = (
        TypeaheadForm.term(main.data)
        if main is not None and main.is_bound and step in ("patient", "prescriber")
        else ""
    )
    chosen_id = first(draft.data.get(step), f"{step}_id") if step in ("patient", "prescriber") else ""
    context = {
        "draft": draft,
        "step": step,
        "title": wording.STEP_TITLES[step],
        "progress": _progress(draft, step),
        "forms": forms,
        "form": main,
        "new_form": forms.new,
        "lines": forms.lines,
        "ref": ref,
        "chosen": ref.patient if step == "patient" else ref.prescriber if step == "prescriber" else None,
        "chosen_id": chosen_id,
        "q": q,
        "hits": _hits_for(request, step, q) if q and not chosen_id else Matches(),
        "first_step": step == STEPS[0],
        "may_create": request.user.has_perm(CREATE_PERMISSION.get(step, "")),
    }
    template = f"{STEP}#step" if is_fragment(request) else STEP
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required(NEEDED, raise_exception=True)
@vary_on_headers("HX-Request")
def step(request: HtmxHttpRequest, draft_id: str, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such step")
    if step == "review":
        return review(request, draft_id)
    draft = selectors.draft_get(user=request.user, draft_id=draft_id)
    actor = Actor.from_request(request)
    if request.method == "POST":
        typed = posted(request.POST)
        if step in ("patient", "prescriber") and not typed.get("mode") and typed.get(f"{step}_id"):
            typed["mode"] = ["existing"]  # a record chosen from the type-ahead says which
        nav = request.POST.get("nav", "next")
        if nav == "back":
            services.draft_save(draft=draft, step=step, typed=typed, keep_errors=True)
            return HttpResponseRedirect(_step_url(draft, _neighbour(step, -1)))
        if nav == "add" and step in LINE_PREFIX:
            services.draft_save(
                draft=draft, step=step, typed=with_one_more_line(typed, LINE_PREFIX[step]), keep_errors=True
            )
            return HttpResponseRedirect(_step_url(draft, step) + "#lines")
        if nav == "search" and step in ("patient", "prescriber"):
            typed.pop(f"{step}_id", None)
            services.draft_save(draft=draft, step=step, typed=typed, keep_errors=True)
            return HttpResponseRedirect(_step_url(draft, step))
        services.draft_save(draft=draft, step=step, typed=typed)
        ref = selectors.step_reference(actor=actor, step=step, draft=draft.data)
        forms = bind(step, draft.data, ref, user=request.user)
        gone = existing_record_errors(draft.data, ref).get(step)
        if forms.is_valid() and not gone:
            return HttpResponseRedirect(_step_url(draft, _neighbour(step, 1)))
        if gone:
            forms.add_blend_errors(gone)
        return _render_step(request, draft, step, forms, ref, status=422 if is_fragment(request) else 200)
    ref = selectors.step_reference(actor=actor, step=step, draft=draft.data)
    forms = bind(step, draft.data, ref, user=request.user)
    refused = (draft.data.get("blend_errors") or {}).get(step)
    if step in draft.data and (refused or request.GET.get("check")):
        forms.is_valid()
        forms.add_blend_errors(refused or {})
    elif step in draft.data:
        _quiet(forms)
    return _render_step(request, draft, step, forms, ref)


@require_GET
@permission_required([*NEEDED, rules.SEARCH["patient"]], raise_exception=True)
def patient_hits(request: HtmxHttpRequest, draft_id: str) -> HttpResponse:
    return _typeahead(request, draft_id, "patient")


@require_GET
@permission_required([*NEEDED, rules.SEARCH["prescriber"]], raise_exception=True)
def prescriber_hits(request: HtmxHttpRequest, draft_id: str) -> HttpResponse:
    return _typeahead(request, draft_id, "prescriber")


def _typeahead(request: HtmxHttpRequest, draft_id: str, step: str) -> HttpResponse:
    """The type-ahead: the matching records as choices (one Blend search), as the step's hits block."""
    draft = selectors.draft_get(user=request.user, draft_id=draft_id)
    q = TypeaheadForm.term(request.GET)
    context = {"draft": draft, "step": step, "q": q, "hits": _hits_for(request, step, q), "chosen": None}
    return render(request, f"neworders/steps/{step}.html#hits", context)


# --- review and send -------------------------------------------------------------------------------


def _review_context(draft: OrderDraft, ref, plan: plans.Plan, form) -> dict[str, object]:
    patient_known = not plan.patient_new
    force_new = form.is_bound and form.is_valid() and form.force_new if "merge" in form.fields else None
    return {
        "draft": draft,
        "step": "review",
        "title": wording.STEP_TITLES["review"],
        "progress": _progress(draft, "review"),
        "plan": plan,
        "form": form,
        "open_order": ref.open_order if patient_known else None,
        "merge_note": (
            wording.MERGE_NEW_PATIENT
            if not patient_known
            else wording.MERGE_NONE_OPEN
            if ref.open_order is None
            else ""
        ),
        "merge_explained": wording.MERGE_EXPLAINED,
        "request_line": plan.request_line(force_new=force_new),
        "first_step": False,
    }


def review(request: HtmxHttpRequest, draft_id: str) -> HttpResponse:
    draft = OrderDraft.objects.filter(id=draft_id, user=request.user, sent_at__isnull=False).first()
    if draft is not None:  # sent already (a second click, Back, a re-sent form): its result
        if request.method == "POST":
            messages.info(request, ALREADY_SENT)
        return HttpResponseRedirect(reverse("neworders:result", args=[draft.id]))
    draft = selectors.draft_get(user=request.user, draft_id=draft_id)
    actor = Actor.from_request(request)
    ref = selectors.step_reference(actor=actor, step="review", draft=draft.data)
    plan = plans.build_plan(draft.data, ref, user=request.user)
    if isinstance(plan, plans.Incomplete):
        messages.error(request, wording.STEPS_INCOMPLETE)
        return HttpResponseRedirect(_step_url(draft, plan.step, check=True))
    form = review_form(draft.data, request.POST if request.method == "POST" else None)
    template = f"{STEP}#step" if is_fragment(request) else STEP

    def again() -> HttpResponse:
        return render(request, template, _review_context(draft, ref, plan, form))

    if request.method == "GET":
        return again()
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), form=form, again=again)
    open_order_id = ref.open_order.id if ref.open_order else ""
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.order_send(
            actor=actor, plan=plan, force_new=form.force_new, open_order_id=open_order_id
        ),
        verb="send",
        target="the new order",
        done=lambda result: wording.SENT,
    )
    if outcome.ok and outcome.value is not None:
        services.draft_sent(draft=draft, result=outcome.value)
        return answer(request, outcome, after=reverse("neworders:result", args=[draft.id]))
    placed = place_blend_errors(outcome.fields, plan.lines_from)
    at_steps = [s for s in FORM_STEPS if s in placed]
    if at_steps:  # Blend's refusal goes to the step and field it belongs to
        services.draft_refused(draft=draft, errors=placed)
        return answer(request, replace(outcome, fields={}), after=_step_url(draft, at_steps[0]))
    return answer(request, outcome, form=form, again=again)


@require_GET
@permission_required(NEEDED, raise_exception=True)
def result(request: HtmxHttpRequest, draft_id: str) -> HttpResponse:
    draft = selectors.draft_sent(user=request.user, draft_id=draft_id)
    made = services.SendResult.from_dict(draft.data["result"])
    page = selectors.result_data(actor=Actor.from_request(request), made=made)
    return render(request, RESULT, {"draft": draft, "made": made, "page": page})
