"""What the prescriber page's views share: the page's context (the user's rights decided here, each
licence's and relationship's forms), and the answer after a write: for HTMX the re-rendered section
plus a toast, otherwise a redirect to the page with the message (or the page with the failed form)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django_htmx.http import reswap

from apps.blend.models.prescribers import Prescriber
from apps.core.forms import TokenForm
from apps.core.htmx import HtmxHttpRequest, add_toast, is_fragment
from apps.core.writes import Outcome
from apps.prescribers import rules, selectors, wording
from apps.prescribers.forms import (
    LicenceForm,
    LicenceUpdateForm,
    SupervisorAddForm,
    SupervisorRemoveForm,
)
from apps.prescribers.selectors import LicenceRow, PrescriberPage

DETAIL = "prescribers/detail.html"
MESSAGE_LEVELS = {"success": messages.SUCCESS, "error": messages.ERROR, "info": messages.INFO}


@dataclass(frozen=True)
class LicenceItem:
    row: LicenceRow
    update_form: forms.Form | None  # None: not editable (inactive, or the user may not)
    deactivate_form: TokenForm | None
    failed: bool = False  # its update form opens again with the errors


@dataclass(frozen=True)
class RelationItem:
    prescriber: Prescriber
    url: str  # "" when Blend's id cannot be a link
    remove_form: SupervisorRemoveForm | None


@dataclass(frozen=True)
class Failed:
    """A form Blend or BlendAdmin refused, shown again with its errors; `licence_id` for an update."""

    form: forms.Form
    licence_id: str = ""


def prescriber_url(prescriber_id: str) -> str:
    try:
        return reverse("prescribers:detail", args=[prescriber_id])
    except NoReverseMatch:
        return ""


def _licence_groups(page: PrescriberPage, can_edit: bool, failed: Failed | None):
    groups = []
    for group in page.licences:
        items = []
        for row in group.licences:
            licence = row.licence
            this_failed = failed is not None and failed.licence_id and failed.licence_id == licence.id
            editable = can_edit and licence.is_active and bool(licence.id)
            update = (
                (failed.form if this_failed else LicenceUpdateForm(licence=licence)) if editable else None
            )
            deactivate = TokenForm(auto_id=False) if editable else None
            items.append(LicenceItem(row, update, deactivate, bool(this_failed)))
        groups.append((group.state, items))
    return groups


def _relation_groups(groups, can_remove: bool):
    if groups is None:
        return None
    return [
        (
            group.state,
            [
                RelationItem(
                    person,
                    prescriber_url(person.id),
                    SupervisorRemoveForm(initial={"state": group.state}, auto_id=False)
                    if can_remove
                    else None,
                )
                for person in group.prescribers
            ],
        )
        for group in groups
    ]


def page_context(request: HtmxHttpRequest, page: PrescriberPage, *, failed: Failed | None = None) -> dict:
    """Everything the prescriber page shows; the user's rights decided here, not in the template."""
    can_edit = request.user.has_perm(rules.EDIT)
    failed_form = failed.form if failed is not None and not failed.licence_id else None
    return {
        "page": page,
        "prescriber": page.prescriber,
        "can_edit": can_edit,
        "licence_groups": _licence_groups(page, can_edit, failed),
        "supervisors": _relation_groups(page.supervisors, can_edit),
        "supervisees": _relation_groups(page.supervisees, False),
        "licence_form": (failed_form if isinstance(failed_form, LicenceForm) else LicenceForm())
        if can_edit
        else None,
        "supervisor_form": (
            failed_form if isinstance(failed_form, SupervisorAddForm) else SupervisorAddForm()
        )
        if can_edit
        else None,
        "orders_unavailable": wording.ORDERS_UNAVAILABLE,
    }


def redirect_to_prescriber(
    request: HtmxHttpRequest, prescriber_id: str, message: str = "", level: str = "success"
):
    if message:
        messages.add_message(request, MESSAGE_LEVELS[level], message)
    return HttpResponseRedirect(reverse("prescribers:detail", args=[prescriber_id]))


def answer(
    request: HtmxHttpRequest,
    prescriber_id: str,
    section: str,
    outcome: Outcome | None = None,
    *,
    message: str = "",
    level: str = "success",
    failed: Failed | None = None,
) -> HttpResponse:
    """After a write to the page's `section` ("licences" or "supervision"): the section as Blend has it
    now (HTMX), the page with the failed form (no JS), or a redirect to the page with the message.
    After a timeout nothing is read again: the page stays as it is (HTMX) or reloads."""
    if outcome is not None:
        message, level = outcome.message, outcome.level
        if outcome.timed_out:
            if is_fragment(request):
                return reswap(add_toast(HttpResponse(status=200), message, "error"), "none")
            return redirect_to_prescriber(request, prescriber_id, message, "error")
    if not is_fragment(request) and failed is None:
        return redirect_to_prescriber(request, prescriber_id, message, level)
    page = selectors.prescriber_page_data(prescriber_id=prescriber_id)
    context = page_context(request, page, failed=failed)
    if not is_fragment(request):  # the page with the failed form open, the message as a toast
        if message:
            messages.add_message(request, MESSAGE_LEVELS[level], message)
        return render(request, DETAIL, context)
    response = render(request, f"{DETAIL}#{section}", context)
    return add_toast(response, message, level) if message else response
