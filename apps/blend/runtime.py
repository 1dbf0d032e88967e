"""The process-wide Blend client: the real API when BLEND_API_URL is set, else the embedded sandbox."""

from __future__ import annotations

import threading

from django.conf import settings

from apps.blend.client import BlendClient, build_client

_lock = threading.Lock()
_client: BlendClient | None = None


def sandbox_active() -> bool:
    """True when no real Blend is configured and the embedded sandbox answers instead."""
    return not settings.BLEND_API_URL


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
