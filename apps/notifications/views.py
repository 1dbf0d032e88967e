"""/settings/notifications/ (managers): Blend's event types, the webhook subscriptions, the webhook
secret, sample payloads and e-mail subscriptions. Every change goes through the one write path and
answers with `apps.core.writes.answer`: the page again (for HTMX, its settings section)."""

from __future__ import annotations

import json
from functools import partial

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.forms import TokenForm, WriteForm
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once
from apps.events.rules import MANAGE_NOTIFICATIONS
from apps.notifications import selectors, services
from apps.notifications.forms import EmailForm, PreviewForm, SampleForm, WebhookForm

TEMPLATE = "notifications/settings.html"
SETTINGS = reverse_lazy("notifications:settings")  # where a plain form goes once a write is answered


def receiver_url(request: HtmxHttpRequest) -> str:
    """BlendAdmin's own webhook receiver, as Blend must reach it."""
    return request.build_absolute_uri(reverse("events:webhook"))


def _page(request: HtmxHttpRequest, *, forms: dict[str, WriteForm] | None = None, status: int = 200):
    """The settings; a part Blend could not read says so in its place (its form left out, or
    offering only what the subscription holds while the event types cannot be read)."""
    data = selectors.notifications_page_data()
    types = data.event_types_for([])
    given = forms or {}
    email = data.email
    context = {
        "data": data,
        "receiver_url": receiver_url(request),
        "create_form": given.get("create")
        or WebhookForm(initial={"url": receiver_url(request)}, event_types=types),
        "update_forms": [
            (
                webhook,
                given.get(f"update:{webhook.id}")
                or WebhookForm(
                    initial={"url": webhook.url, "event_codes": webhook.event_codes},
                    event_types=data.event_types_for(webhook.event_codes),
                    auto_id=f"id_w{index}_%s",
                ),
            )
            for index, webhook in enumerate(data.webhooks or ())
        ],
        "email_form": None
        if email is None
        else given.get("email")
        or EmailForm(
            initial={"event_codes": email.event_codes},
            event_types=data.event_types_for(email.event_codes),
            auto_id="id_email_%s",
        ),
        "sample_form": given.get("sample") or SampleForm(event_types=types, auto_id="id_sample_%s"),
        "token_form": TokenForm(auto_id=False),
    }
    template = f"{TEMPLATE}#settings" if is_fragment(request) else TEMPLATE
    return render(request, template, context, status=status)


@require_GET
@permission_required(MANAGE_NOTIFICATIONS, raise_exception=True)
@vary_on_headers("HX-Request")
def notifications_settings(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@permission_required(MANAGE_NOTIFICATIONS, raise_exception=True)
def secret_rotate(request: HtmxHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    page = partial(_page, request)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SETTINGS, fragment=page, again=page)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.webhook_secret_rotate(actor=Actor.from_request(request)),
        verb="generate",
        target="a webhook secret",
        done=lambda _: "A new webhook secret is stored (encrypted, never shown); Blend sends it from now on.",
    )
    return answer(request, outcome, after=SETTINGS, fragment=page, again=page)


@require_POST
@permission_required(MANAGE_NOTIFICATIONS, raise_exception=True)
def webhook_create(request: HtmxHttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST, event_types=selectors.event_types())
    page = partial(_page, request, forms={"create": form})
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SETTINGS, form=form, fragment=page, again=page)
    data = form.cleaned_data
    outcome = send_once(
        token=data["token"],
        call=lambda: services.webhook_create(
            actor=Actor.from_request(request), url=data["url"], event_codes=data["event_codes"]
        ),
        verb="create",
        target="the webhook subscription",
        done=lambda webhook: f"Blend now sends the chosen events to {webhook.url}.",
    )
    return answer(request, outcome, after=SETTINGS, form=form, fragment=page, again=page)


@require_POST
@permission_required(MANAGE_NOTIFICATIONS, raise_exception=True)
def webhook_update(request: HtmxHttpRequest, webhook_id: str) -> HttpResponse:
    form = WebhookForm(request.POST, event_types=selectors.event_types())
    key = f"update:{webhook_id}"
    page = partial(_page, request, forms={key: form})
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SETTINGS, form=form, fragment=page, again=page)
    data = form.cleaned_data
    outcome = send_once(
        token=data["token"],
        call=lambda: services.webhook_update(
            actor=Actor.from_request(request),
            webhook_id=webhook_id,
            url=data["url"],
            event_codes=data["event_codes"],
        ),
        verb="change",
        target="the webhook subscription",
        done=lambda webhook: f"The subscription to {webhook.url} is changed.",
    )
    return answer(request, outcome, after=SETTINGS, form=form, fragment=page, again=page)


@require_POST
@permission_required(MANAGE_NOTIFICATIONS, raise_exception=True)
def webhook_delete(request: HtmxHttpRequest, webhook_id: str) -> HttpResponse:
    form = TokenForm(request.POST)
    page = partial(_page, request)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SETTINGS, fragment=page, again=page)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.webhook_delete(actor=Actor.from_request(request), webhook_id=webhook_id),
        verb="delete",
        target="the webhook subscription",
        done=lambda _: "The webhook subscription is deleted: Blend no longer sends those events there.",
    )
    return answer(request, outcome, after=SETTINGS, fragment=page, again=page)


@require_GET
@permission_required(MANAGE_NOTIFICATIONS, raise_exception=True)
def sample_preview(request: HtmxHttpRequest) -> HttpResponse:
    """The payload Blend would post for an event type (a read: the preview section, or the page)."""
    form = PreviewForm(request.GET, event_types=selectors.event_types())
    valid = form.is_valid()
    preview = selectors.sample_preview(event_code=form.cleaned_data["event_code"]) if valid else None
    payload = json.dumps(preview.payload_preview, indent=2) if preview else ""
    context = {"preview_form": form, "preview": preview, "payload": payload}
    template = "notifications/preview.html#preview" if is_fragment(request) else "notifications/preview.html"
    return render(request, template, context, status=200 if valid else 400)


@require_POST
@permission_required(MANAGE_NOTIFICATIONS, raise_exception=True)
def sample_send(request: HtmxHttpRequest) -> HttpResponse:
    form = SampleForm(request.POST, event_types=selectors.event_types())
    page = partial(_page, request, forms={"sample": form})
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SETTINGS, form=form, fragment=page, again=page)
    code, url = form.cleaned_data["event_code"], receiver_url(request)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.notification_sample_send(
            actor=Actor.from_request(request), event_code=code, webhook_url=url
        ),
        verb="send",
        target="a sample event",
        done=lambda _: f"Blend sent a sample {code} event to BlendAdmin: it appears under Events.",
    )
    return answer(request, outcome, after=SETTINGS, form=form, fragment=page, again=page)


@require_POST
@permission_required(MANAGE_NOTIFICATIONS, raise_exception=True)
def email_update(request: HtmxHttpRequest) -> HttpResponse:
    form = EmailForm(request.POST, event_types=selectors.event_types(), auto_id="id_email_%s")
    page = partial(_page, request, forms={"email": form})
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SETTINGS, form=form, fragment=page, again=page)
    codes = form.cleaned_data["event_codes"]
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.email_subscriptions_update(
            actor=Actor.from_request(request), event_codes=codes
        ),
        verb="change",
        target="the e-mail subscriptions",
        done=lambda _: "Blend e-mails the chosen events to this account's address.",
    )
    return answer(request, outcome, after=SETTINGS, form=form, fragment=page, again=page)


@require_POST
@permission_required(MANAGE_NOTIFICATIONS, raise_exception=True)
def email_deactivate(request: HtmxHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    page = partial(_page, request)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SETTINGS, fragment=page, again=page)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.email_subscriptions_deactivate(actor=Actor.from_request(request)),
        verb="stop",
        target="the e-mail subscriptions",
        done=lambda _: "Blend no longer e-mails events to this account.",
    )
    return answer(request, outcome, after=SETTINGS, fragment=page, again=page)
