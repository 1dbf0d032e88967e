"""One-time tokens for write forms: a double click or a re-sent form reaches Blend at most once.

Each rendered form carries a fresh random token. The first POST with it claims the token atomically
(`cache.add`); a second POST with the same token finds it claimed and must not call Blend. A token
is given back when Blend certainly did nothing (it refused, or could not be reached), so the same
form can be sent again; after a timeout it stays claimed (Blend may have acted).
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

TOKEN_TTL = 600  # seconds; forms older than this are simply re-checked against the order's state
TOKEN_BYTES = 16


def _key(token: str) -> str:
    return f"order-action:{token}"


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_claim(token: str) -> bool:
    """True the first time `token` is presented, False every later time (or when it is malformed)."""
    if not token or len(token) > 64:
        return False
    return cache.add(_key(token), 1, TOKEN_TTL)


def token_release(token: str) -> None:
    """Make `token` usable again (the request it guarded certainly did not change anything)."""
    if token:
        cache.delete(_key(token))
