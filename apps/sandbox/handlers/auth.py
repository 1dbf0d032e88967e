"""Authentication: login, refresh, verify; bearer tokens shaped like JWTs (unsigned) with `exp`."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import timedelta

from apps.sandbox.http import ApiError, SandboxRequest, iso, now, ok, router
from apps.sandbox.state import Row, SandboxState, public

ACCESS_TTL = timedelta(minutes=60)
REFRESH_TTL = timedelta(days=7)


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def issue_token(state: SandboxState, user: Row, kind: str) -> str:
    """A new token of `kind` ("access" or "refresh") for `user`, remembered in the state."""
    issued = now()
    expires = issued + (ACCESS_TTL if kind == "access" else REFRESH_TTL)
    header = _b64({"alg": "none", "typ": "JWT"})
    payload = _b64(
        {"sub": user["id"], "typ": kind, "exp": int(expires.timestamp()), "jti": secrets.token_hex(8)}
    )
    token = f"{header}.{payload}.sandbox"
    state.tokens.insert({"id": token, "user_id": user["id"], "kind": kind, "expires_at": expires.timestamp()})
    return token


def expire_all_access_tokens(state: SandboxState) -> None:
    expired_at = now().timestamp() - 1
    for row in list(state.tokens.rows()):
        if row["kind"] == "access":
            state.tokens.edit(row["id"])["expires_at"] = expired_at


def _bearer(req: SandboxRequest) -> str:
    header = req.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "Missing bearer token.")
    return token.strip()


def _token_user(req: SandboxRequest, kind: str) -> tuple[Row, Row]:
    token = req.state.tokens.get(_bearer(req))
    if token is None or token["kind"] != kind:
        raise ApiError(401, "Invalid token.")
    if token["expires_at"] <= now().timestamp():
        raise ApiError(401, "Token has expired.")
    user = req.state.users.get(token["user_id"])
    if user is None or not user.get("is_active", True):
        raise ApiError(401, "Invalid token.")
    return token, user


def authenticate(req: SandboxRequest) -> None:
    """Require a live access token; sets `req.user` and `req.token`."""
    req.token, req.user = _token_user(req, "access")


def _user_body(user: Row) -> Row:
    body = public(user) or {}
    body.pop("password", None)
    return body


@router.route("POST", "/auth/login")
def auth_login(req: SandboxRequest):
    body = req.json_object()
    email, password = body.get("email"), body.get("password")
    fields = {name: ["This field is required."] for name in ("email", "password") if not body.get(name)}
    if fields:
        raise ApiError(422, "Validation failed.", fields=fields)
    user = next((u for u in req.state.users.rows() if u["email"].lower() == str(email).lower()), None)
    if user is None or not secrets.compare_digest(user["password"], str(password)):
        raise ApiError(401, "Invalid email or password.")
    refresh = issue_token(req.state, user, "refresh")
    return ok(
        {
            "access_token": issue_token(req.state, user, "access"),
            "refresh_token": refresh,
            "expires_at": iso(now() + REFRESH_TTL),
            "user": _user_body(user),
        }
    )


@router.route("POST", "/auth/refresh")
def auth_refresh(req: SandboxRequest):
    _, user = _token_user(req, "refresh")
    return ok({"access_token": issue_token(req.state, user, "access")})


@router.route("GET", "/auth/verify")
def auth_verify(req: SandboxRequest):
    return ok({"valid": True, "user": _user_body(req.user or {})})
