"""Reading a webhook's body within a size limit (WEBHOOK_MAX_BYTES), whatever its Content-Length says."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def read_limited(request: HttpRequest) -> bytes | None:
    """The body, or None when it is larger than WEBHOOK_MAX_BYTES (not read past the limit)."""
    limit = settings.WEBHOOK_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body
