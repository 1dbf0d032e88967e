"""Client address and request id, shared by RequestContextMiddleware and django-axes."""

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
    """The caller's X-Request-ID when it looks like an id (so a proxy's id carries through), else new."""
    incoming = request.headers.get("X-Request-ID", "")
    if _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex
