"""The team page (/team/): BlendAdmin's users with their role and last sign-in; invite (and a new
link for a member who has not chosen a password yet), change a role, deactivate, unlock. Every change
goes through the one write path (one-time form token) and an audited service; each answer is the
page (or, for HTMX, its team section) as it is now, with a toast saying what happened."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.forms import TokenForm
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once
from apps.team import rules, selectors, services
from apps.team.forms import InviteForm, RoleForm
from apps.team.selectors import Member

TEMPLATE = "team/list.html"


@dataclass(frozen=True)
class MemberRow:
    member: Member
    role_form: RoleForm
    action_form: TokenForm
    is_self: bool


def _page(
    request: HtmxHttpRequest, *, invite_form: InviteForm | None = None, invitation_url: str = ""
) -> HttpResponse:
    """The team page, or for HTMX its team section; `invite_form` with its errors, `invitation_url`
    the new user's link, shown only now."""
    rows = [
        MemberRow(
            member,
            RoleForm(initial={"role": member.role}, auto_id=f"id_u{member.id}_%s"),
            TokenForm(auto_id=False),
            member.id == request.user.pk,
        )
        for member in selectors.team_members()
    ]
    context = {
        "rows": rows,
        "invite_form": invite_form if invite_form is not None and invite_form.errors else InviteForm(),
        "invitation_url": invitation_url,
    }
    template = f"{TEMPLATE}#team" if is_fragment(request) else TEMPLATE
    return render(request, template, context)


@require_GET
@permission_required(rules.MANAGE, raise_exception=True)
@vary_on_headers("HX-Request")
def team_list(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@permission_required(rules.MANAGE, raise_exception=True)
def team_invite(request: HtmxHttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    page = partial(_page, request, invite_form=form)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), form=form, fragment=page, again=page)
    data = form.cleaned_data
    outcome = send_once(
        token=data["token"],
        call=lambda: services.user_invite(
            actor=Actor.from_request(request),
            username=data["username"],
            email=data["email"],
            role=data["role"],
        ),
        verb="invite",
        target=data["username"],
        done=lambda invitation: (
            f"{invitation.username} was invited. Give them the link below; it is shown only now."
        ),
    )
    url = request.build_absolute_uri(outcome.value.path) if outcome.value else ""
    page = partial(_page, request, invite_form=form, invitation_url=url)
    return answer(request, outcome, form=form, fragment=page, again=page)


@require_POST
@permission_required(rules.MANAGE, raise_exception=True)
def team_role(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    form = RoleForm(request.POST)
    page = partial(_page, request)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), fragment=page, again=page)
    role = form.cleaned_data["role"]
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.user_role_change(actor=Actor.from_request(request), user_id=user_id, role=role),
        verb="change the role of",
        target="this user",
        done=lambda username: (
            f"{username} is now {role or 'without a role'}; it applies on their next request."
        ),
    )
    return answer(request, outcome, fragment=page, again=page)


@require_POST
@permission_required(rules.MANAGE, raise_exception=True)
def team_deactivate(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    form, page = TokenForm(request.POST), partial(_page, request)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), fragment=page, again=page)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.user_deactivate(actor=Actor.from_request(request), user_id=user_id),
        verb="deactivate",
        target="this user",
        done=lambda username: f"{username} is deactivated and signed out.",
    )
    return answer(request, outcome, fragment=page, again=page)


@require_POST
@permission_required(rules.MANAGE, raise_exception=True)
def team_unlock(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    form, page = TokenForm(request.POST), partial(_page, request)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), fragment=page, again=page)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.user_unlock(actor=Actor.from_request(request), user_id=user_id),
        verb="unlock",
        target="this user",
        done=lambda username: f"{username} may sign in again.",
    )
    return answer(request, outcome, fragment=page, again=page)


@require_POST
@permission_required(rules.MANAGE, raise_exception=True)
def team_reinvite(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    """A new invite link for a member who has not chosen a password yet, shown only now."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        page = partial(_page, request)
        return answer(request, Outcome.invalid(form), fragment=page, again=page)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.user_reinvite(actor=Actor.from_request(request), user_id=user_id),
        verb="make a new invite link for",
        target="this user",
        done=lambda invitation: f"A new link for {invitation.username} is below; it is shown only now.",
    )
    url = request.build_absolute_uri(outcome.value.path) if outcome.value else ""
    page = partial(_page, request, invitation_url=url)
    return answer(request, outcome, fragment=page, again=page)
