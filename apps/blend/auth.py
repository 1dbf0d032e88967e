"""Blend's token login, shared through Django's cache so every worker process uses one login.

Access tokens live 60 minutes, refresh tokens 7 days. Each process keeps the tokens in memory and
reads the shared cache only when it has none, or they are stale or refused (a 401): then another
process may already have renewed them. A token is renewed a little before it expires (refresh
first, full login when the refresh token is gone or refused); a 401 renews once and the request is
repeated once. A per-process lock plus a cache lock make concurrent renewals log in once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import asdict, dataclass

import httpx
from django.core.cache import cache

logger = logging.getLogger("blendadmin.blend")

ACCESS_LIFETIME = 60 * 60
REFRESH_LIFETIME = 7 * 24 * 60 * 60
RENEW_MARGIN = 120  # seconds before expiry at which a token counts as expired
LOCK_TIMEOUT = 15


@dataclass
class Tokens:
    access_token: str
    access_expires: float
    refresh_token: str = ""
    refresh_expires: float = 0.0

    def access_fresh(self, at: float) -> bool:
        return self.access_expires - RENEW_MARGIN > at

    def refresh_fresh(self, at: float) -> bool:
        return bool(self.refresh_token) and self.refresh_expires - RENEW_MARGIN > at


def token_expiry(token: str, default: float) -> float:
    """The `exp` claim of a JWT (read, not verified: Blend verifies), else `default`."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"])
    except (IndexError, ValueError, KeyError, TypeError):
        return default


class TokenStore:
    """Holds the tokens in process memory, and in the cache under a key derived from the API URL and
    account for the other processes."""

    def __init__(self, *, base_url: str, email: str, send: Callable[[httpx.Request], httpx.Response]) -> None:
        digest = hashlib.sha256(f"{base_url}|{email}".encode()).hexdigest()[:16]
        self.key = f"blend:tokens:{digest}"
        self.lock_key = f"blend:tokens-lock:{digest}"
        self.base_url = base_url
        self._send = send
        self._lock = threading.Lock()
        self._memory: Tokens | None = None  # this process's copy; replaced whole, never mutated
        self.logins = 0  # counters for tests and diagnostics
        self.refreshes = 0

    def _load(self) -> Tokens | None:
        raw = cache.get(self.key)
        tokens = Tokens(**raw) if raw else None
        self._memory = tokens
        return tokens

    def _save(self, tokens: Tokens) -> None:
        ttl = max(60, int(max(tokens.refresh_expires, tokens.access_expires) - time.time()))
        cache.set(self.key, asdict(tokens), ttl)
        self._memory = tokens

    def clear(self) -> None:
        self._memory = None
        cache.delete(self.key)

    def access_token(self, credentials: tuple[str, str]) -> str:
        now = time.time()
        tokens = self._memory
        if tokens and tokens.access_fresh(now):
            return tokens.access_token
        tokens = self._load()
        if tokens and tokens.access_fresh(now):
            return tokens.access_token
        return self.renew(credentials, stale="")

    def renew(self, credentials: tuple[str, str], *, stale: str) -> str:
        """A fresh access token. `stale` is the token that failed; if another thread already
        replaced it, that newer token is used instead of logging in again."""
        with self._lock, _CacheLock(self.lock_key):
            tokens = self._load()
            now = time.time()
            if tokens and tokens.access_token != stale and tokens.access_fresh(now):
                return tokens.access_token
            if tokens and tokens.refresh_fresh(now):
                refreshed = self._refresh(tokens)
                if refreshed:
                    return refreshed.access_token
            return self._login(credentials).access_token

    def _refresh(self, tokens: Tokens) -> Tokens | None:
        request = httpx.Request(
            "POST",
            f"{self.base_url}/auth/refresh",
            headers={"Authorization": f"Bearer {tokens.refresh_token}"},
        )
        response = self._send(request)
        if response.status_code != 200:
            logger.info("blend token refresh refused (%s); logging in again", response.status_code)
            return None
        access = response.json()["access_token"]
        tokens = Tokens(
            access_token=access,
            access_expires=token_expiry(access, time.time() + ACCESS_LIFETIME),
            refresh_token=tokens.refresh_token,
            refresh_expires=tokens.refresh_expires,
        )
        self.refreshes += 1
        self._save(tokens)
        return tokens

    def _login(self, credentials: tuple[str, str]) -> Tokens:
        from apps.blend.errors import BlendUnauthorized, error_class_for_status

        email, password = credentials
        request = httpx.Request(
            "POST", f"{self.base_url}/auth/login", json={"email": email, "password": password}
        )
        response = self._send(request)
        if response.status_code != 200:
            error = error_class_for_status(response.status_code)
            if response.status_code in (400, 401, 403, 422):
                error = BlendUnauthorized
            raise error(
                "Blend refused BlendAdmin's sign-in.",
                status_code=response.status_code,
                method="POST",
                path="/auth/login",
            )
        body = response.json()
        now = time.time()
        tokens = Tokens(
            access_token=body["access_token"],
            access_expires=token_expiry(body["access_token"], now + ACCESS_LIFETIME),
            refresh_token=body.get("refresh_token", ""),
            refresh_expires=token_expiry(body.get("refresh_token", ""), now + REFRESH_LIFETIME),
        )
        self.logins += 1
        self._save(tokens)
        logger.info("blend login ok")
        return tokens


class _CacheLock:
    """A best-effort lock across processes (cache.add is atomic on Redis and locmem)."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.held = False

    def __enter__(self) -> None:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while not (held := cache.add(self.key, 1, LOCK_TIMEOUT)) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.held = held

    def __exit__(self, *exc: object) -> None:
        if self.held:
            cache.delete(self.key)


class BlendAuth(httpx.Auth):
    """Adds the bearer token; on a 401 renews once and repeats the request once."""

    def __init__(self, store: TokenStore, credentials: tuple[str, str]) -> None:
        self.store = store
        self.credentials = credentials

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.store.access_token(self.credentials)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            response.read()
            token = self.store.renew(self.credentials, stale=token)
            request.headers["Authorization"] = f"Bearer {token}"
            yield request
