"""The process-wide Blend client: the real API when BLEND_API_URL is set, else the embedded sandbox."""

from __future__ import annotations

import threading

from django.conf import settings

from apps.blend.client import BlendClient, build_client

# apps.sandbox.seed.SANDBOX_EMAIL, not imported here: that module loads the whole seeding code.
SANDBOX_ACCOUNT_EMAIL = "sandbox@example.com"

_lock = threading.Lock()
_client: BlendClient | None = None


def sandbox_active() -> bool:
    """True when the sandbox answers instead of Blend: embedded (no BLEND_API_URL), or over HTTP
    with its own account (`manage.py blend_sandbox`, which gunicorn starts for its workers)."""
    return not settings.BLEND_API_URL or settings.BLEND_API_EMAIL == SANDBOX_ACCOUNT_EMAIL


def get_blend() -> BlendClient:
    """The one shared client of this process (thread-safe, pooled)."""
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                _client = build_client()
    return _client


def reset_blend() -> None:
    """Forget the shared client (tests and settings changes)."""
    global _client
    with _lock:
        if _client is not None:
            _client.close()
        _client = None
