"""Health check and the 404/500 handlers (the 403 handler audits the refusal: apps.audit.views)."""

from __future__ import annotations

import logging
import threading
import time

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.blend.errors import BlendError
from apps.core.queue import queue_health

logger = logging.getLogger(__name__)


def get_blend():
    """The shared Blend client (imported lazily: building it needs the Blend settings)."""
    from apps.blend.runtime import get_blend as runtime_get_blend

    return runtime_get_blend()


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("Health check: database failed")
        return "error"
    return "ok"


def _check_cache() -> str:
    try:
        cache.set("healthz", "ok", timeout=10)
        ok = cache.get("healthz") == "ok"
    except Exception:
        logger.exception("Health check: cache failed")
        return "error"
    return "ok" if ok else "error"


def _check_blend() -> str:
    try:
        get_blend().auth_verify()
    except BlendError as exc:
        logger.warning("Health check: Blend failed (%s)", type(exc).__name__)
        return "error"
    except Exception:
        logger.exception("Health check: Blend client failed")
        return "error"
    return "ok"


class _BlendCheck:
    """Blend's answer to the deep health check, kept for TTL seconds: `/healthz?deep=1` is anonymous,
    so however often it is asked, each process asks Blend at most once per TTL."""

    TTL = 15.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        self.answer, self.until = "", 0.0

    def __call__(self) -> str:
        if time.monotonic() < self.until:
            return self.answer
        with self.lock:  # concurrent checks wait for the one call under way
            if time.monotonic() >= self.until:
                self.answer = _check_blend()
                self.until = time.monotonic() + self.TTL
            return self.answer


blend_check = _BlendCheck()


def _check_queue() -> dict[str, object]:
    """The task queue: jobs due and not yet taken, how long the oldest has waited ("error" past
    TASKS_MAX_WAIT seconds: no worker is taking jobs), and jobs that ended failed."""
    try:
        health = queue_health()
    except Exception:
        logger.exception("Health check: queue failed")
        return {"queue": "error"}
    return {
        "queue": "ok" if health.ok else "error",
        "queue_waiting": health.waiting,
        "queue_oldest_waiting_seconds": health.oldest_waiting_seconds,
        "queue_failed": health.failed,
    }


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check_database(), "cache": _check_cache()}
    details: dict[str, object] = {}
    if request.GET.get("deep") == "1":
        checks["blend"] = blend_check()
        details = _check_queue()
        checks["queue"] = str(details.pop("queue"))
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", **checks, **details}
    return JsonResponse(body, status=200 if healthy else 503)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No RequestContext: the context processors (or the database behind them) may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
