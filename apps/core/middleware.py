"""Request id and client address, idle and absolute sign-out, no browser caching of signed-in pages,
and the one place Blend failures become pages."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.cache import patch_cache_control
from django_htmx.http import HttpResponseClientRedirect, reswap

from apps.blend.errors import (
    BlendConnectionError,
    BlendError,
    BlendForbidden,
    BlendMalformedResponse,
    BlendNotFound,
    BlendRateLimited,
    BlendServerError,
    BlendUnauthorized,
)
from apps.core import once
from apps.core.htmx import HtmxHttpRequest
from apps.core.net import LOG_PATH_KEY, client_ip, log_path, request_id

logger = logging.getLogger(__name__)

Handler = Callable[[HtmxHttpRequest], HttpResponse]

LAST_ACTIVITY_KEY = "blendadmin_last_activity"
SIGNED_IN_KEY = "blendadmin_signed_in_at"
# Blend failures that mean "Blend is unavailable to us right now" (timeouts are connection errors).
BLEND_UNAVAILABLE = (
    BlendConnectionError,
    BlendServerError,
    BlendMalformedResponse,
    BlendRateLimited,
    BlendUnauthorized,
    BlendForbidden,
)


class RequestContextMiddleware:
    """Set `request.request_id` and `request.client_ip`; echo the id as the `X-Request-ID` header;
    one-time form tokens made and checked while answering belong to the request's user; the access
    log gets the URL pattern answered, not the path as typed (`apps.core.net.log_path`)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        request.request_id = request_id(request)
        request.client_ip = client_ip(request)
        with once.token_owner(getattr(request, "user", None)):  # a form's token is its user's
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        request.META[LOG_PATH_KEY] = log_path(request)  # the URL pattern, for the access log
        return response


class PrivatePagesMiddleware:
    """Pages for a signed-in user may show patient data: tell the browser and any proxy not to store
    them (`Cache-Control: no-store, private`). Static files (WhiteNoise answers before this) and
    anonymous answers such as /healthz keep their own headers."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


def _start_session_clocks(session, now: int) -> None:
    """Both clocks start now: the idle one, and the absolute lifetime, stored as the session's fixed
    expiry date (a date, unlike a number of seconds, does not move when the session is saved)."""
    session[SIGNED_IN_KEY] = now
    session[LAST_ACTIVITY_KEY] = now
    age = settings.SESSION_COOKIE_AGE
    session.set_expiry(dt.datetime.fromtimestamp(now, tz=dt.UTC) + dt.timedelta(seconds=age))


@receiver(user_logged_in, dispatch_uid="blendadmin_session_clocks")
def start_session_clocks(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        _start_session_clocks(request.session, int(time.time()))


class IdleSessionTimeoutMiddleware:
    """Sign a user out after settings.SESSION_IDLE_TIMEOUT seconds without a request, or
    settings.SESSION_COOKIE_AGE seconds after signing in however active (the absolute lifetime).

    Also turns any redirect to the login page answering an HTMX request into `HX-Redirect`, so the
    whole page goes to the login page rather than the login form being swapped into a fragment."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            timeout = getattr(settings, "SESSION_IDLE_TIMEOUT", 30 * 60)
            now = int(time.time())
            signed_in = request.session.get(SIGNED_IN_KEY)
            if signed_in is None:  # a session from before the clocks were kept: they start now
                _start_session_clocks(request.session, now)
            elif now - signed_in >= settings.SESSION_COOKIE_AGE:
                return self._sign_out(request, _lifetime_message(settings.SESSION_COOKIE_AGE))
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > timeout:
                return self._sign_out(request, _idle_message(timeout))
            # Store at most once a minute (or a tenth of the timeout) to spare a session write per request.
            # A page's background request (a live page asking for changes) is not the user's activity.
            background = request.headers.get(BACKGROUND_HEADER) == "1"
            if not background and (last is None or now - last >= idle_slack(timeout)):
                request.session[LAST_ACTIVITY_KEY] = now
        response = self.get_response(request)
        if (
            request.htmx
            and response.status_code == 302
            and response.get("Location", "").startswith(_login_url())
        ):
            return HttpResponseClientRedirect(redirect_to_login(_next_url(request)).url)
        return response

    def _sign_out(self, request: HtmxHttpRequest, message: str) -> HttpResponse:
        next_url = _next_url(request)
        logout(request)
        messages.info(request, message)
        response = redirect_to_login(next_url)
        if request.htmx:
            return HttpResponseClientRedirect(response.url)
        return response


BACKGROUND_HEADER = "X-BlendAdmin-Background"  # sent by requests the page makes by itself (apps/live)


def idle_slack(timeout: int) -> int:
    """How far the stored last activity may lag behind the last request (it is saved at most this
    often): the idle sign-out can come this much earlier than `timeout` after the last request."""
    return min(60, timeout // 10)


def idle_warning_lead(timeout: int) -> int:
    """Seconds before the idle sign-out that the page warns (2 minutes; a quarter of a short timeout)."""
    return min(120, max(1, timeout // 4))


def keep_session_alive(request: HttpRequest) -> None:
    """Restart the idle clock now (the "Stay signed in" button)."""
    request.session[LAST_ACTIVITY_KEY] = int(time.time())


def _plural(amount: int, unit: str) -> str:
    return f"{amount} {unit}" if amount == 1 else f"{amount} {unit}s"


def _idle_message(timeout: int) -> str:
    return f"Signed out after {_plural(max(1, round(timeout / 60)), 'minute')} of inactivity."


def _lifetime_message(age: int) -> str:
    hours, rest = divmod(age, 3600)
    lasting = _plural(hours, "hour") if hours and not rest else _plural(max(1, round(age / 60)), "minute")
    return f"Signed out: a session lasts at most {lasting}. Please sign in again."


def _login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def _next_url(request: HtmxHttpRequest) -> str:
    """Where to come back after signing in: the page the user is on (for HTMX, the page, not the
    fragment), or nothing after a non-HTMX POST (its URL may not answer GET)."""
    if request.htmx:
        return request.htmx.current_url_abs_path or ""
    return request.get_full_path() if request.method == "GET" else ""


class BlendErrorMiddleware:
    """Turn Blend failures a view did not handle into the 404 or "Blend unavailable" page (or, for
    HTMX, a short 503 whose `X-BlendAdmin-Message` header app.js shows as a toast)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HtmxHttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BlendNotFound):
            status, template = 404, "404.html"
        elif isinstance(exception, BLEND_UNAVAILABLE):
            status, template = 503, "blend_unavailable.html"
        elif isinstance(exception, BlendError):  # a refusal no view expected: say so, in general words
            status, template = 502, "blend_unavailable.html"
        else:
            return None
        _log_blend_failure(request, exception)
        message = exception.user_message
        if getattr(request, "htmx", False):
            response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
            response["X-BlendAdmin-Message"] = message
            return reswap(response, "none")
        context = {"message": message, "retry_url": request.get_full_path()}
        return render(request, template, context, status=status)


def _log_blend_failure(request: HtmxHttpRequest, exception: BlendError) -> None:
    # The route pattern, never the path or query: those may carry patient names or search terms.
    match = getattr(request, "resolver_match", None)
    route = match.route if match is not None else "(unresolved)"
    logger.warning(
        "Blend failure %s (status %s) on %s %s request_id=%s",
        type(exception).__name__,
        getattr(exception, "status_code", "-"),
        request.method,
        route,
        getattr(request, "request_id", "-"),
    )
