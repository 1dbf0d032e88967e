"""What the prescriber page's views share: the page's context (the user's rights decided here, each
licence's and relationship's forms), and the page or section a write re-renders (with a refused form
open again); apps.core.writes.answer adds the toast or makes the redirect."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from apps.blend.models.prescribers import Prescriber
from apps.core.forms import TokenForm
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.neworders import rules as neworders_rules
from apps.prescribers import rules, selectors
from apps.prescribers.forms import (
    LicenceForm,
    LicenceUpdateForm,
    SupervisorAddForm,
    SupervisorRemoveForm,
)
from apps.prescribers.selectors import LicenceRow, PrescriberPage

DETAIL = "prescribers/detail.html"


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
        "can_order": request.user.has_perm(neworders_rules.CREATE),
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
    }


def render_section(
    request: HtmxHttpRequest,
    prescriber_id: str,
    section: str,
    form: forms.Form | None = None,
    licence_id: str = "",
) -> HttpResponse:
    """The page's `section` ("licences" or "supervision") as Blend has it now for HTMX, the whole page
    otherwise; `form` (a licence's update form: with `licence_id`) open again when it has errors."""
    failed = Failed(form, licence_id) if form is not None and form.errors else None
    context = page_context(
        request, selectors.prescriber_page_data(prescriber_id=prescriber_id), failed=failed
    )
    return render(request, f"{DETAIL}#{section}" if is_fragment(request) else DETAIL, context)
