"""E-prescriptions: one prescription's page, and submitting an NCPDP SCRIPT one."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once
from apps.patients import rules as patients_rules
from apps.prescribers import rules as prescribers_rules
from apps.prescriptions import rules, selectors, services
from apps.prescriptions.forms import PrescriptionUploadForm

DETAIL = "prescriptions/detail.html"
SUBMIT = "prescriptions/submit.html"


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def prescription_detail(request: HtmxHttpRequest, eprescription_id: str) -> HttpResponse:
    page = selectors.prescription_page_data(
        actor=Actor.from_request(request), eprescription_id=eprescription_id
    )
    context = {
        "page": page,
        "erx": page.prescription,
        "link_patient": request.user.has_perm(patients_rules.VIEW),
        "link_prescriber": request.user.has_perm(prescribers_rules.VIEW),
        "link_orders": request.user.has_perm("accounts.view_orders"),
        "can_submit": request.user.has_perm(rules.SUBMIT),
    }
    return render(request, f"{DETAIL}#medications" if is_fragment(request) else DETAIL, context)


@require_http_methods(["GET", "POST"])
@permission_required([rules.VIEW, rules.SUBMIT], raise_exception=True)
def prescription_submit(request: HtmxHttpRequest) -> HttpResponse:
    form = PrescriptionUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )

    def again() -> HttpResponse:
        return render(request, SUBMIT, {"form": form})

    if request.method == "GET":
        return again()
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), form=form, again=again)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.prescription_submit_xml(
            actor=Actor.from_request(request), xml=form.cleaned_data["document"]
        ),
        verb="create",
        target="the e-prescription",
        done=lambda erx: "Blend accepted the e-prescription.",
    )
    after = (lambda erx: reverse("prescriptions:detail", args=[erx.id])) if outcome.ok else None
    return answer(request, outcome, after=after, form=form, again=again)
