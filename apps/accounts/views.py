"""The session's own endpoint: "Stay signed in" from the idle sign-out warning (static/js/app.js)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from apps.core.middleware import keep_session_alive


@require_POST
@login_required
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Restart the idle clock (the middleware has already refused a session that timed out)."""
    keep_session_alive(request)
    return HttpResponse(status=204)
