"""Client address, request id and the path the access log writes, shared by RequestContextMiddleware
and django-axes."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.http import HttpRequest

_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or with PROXY_COUNT trusted proxies in front, the X-Forwarded-For entry the
    outermost trusted proxy added (counted from the right; entries further left are client-supplied)."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxy_count = settings.AXES_IPWARE_PROXY_COUNT
    if proxy_count <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxy_count:
        return remote_addr
    return forwarded[-proxy_count]


def request_id(request: HttpRequest) -> str:
    """The proxy's X-Request-ID when settings.REQUEST_ID_FROM_PROXY says a proxy sets it and it looks
    like an id (so the proxy's id carries through), else a new one: a client's own header would let
    it choose the id its requests are logged and audited under."""
    incoming = request.headers.get("X-Request-ID", "")
    if settings.REQUEST_ID_FROM_PROXY and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


# The WSGI environ key under which the access log finds the path to write (gunicorn.conf.py).
LOG_PATH_KEY = "blendadmin.log_path"


def log_path(request: HttpRequest) -> str:
    """The request's URL pattern (`/patients/<blend_uuid:patient_id>/`) for the access log: a path as
    typed may hold patient data (`/patients/078-05-1120/`), so it is never written."""
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None else "(no route)"
