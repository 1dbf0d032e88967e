"""One-time tokens for write forms: a double click or a re-sent form reaches Blend at most once.

Every rendered write form carries a fresh token the server signed (`token_new`) for the signed-in
user it was made for; a token that is not ours, was made for another user, or is older than
TOKEN_TTL, is refused before anything else (`token_valid`). Whose request it is comes from
`token_owner`, which RequestContextMiddleware sets around each request (forms are built in many
places; none of them has to pass the user on). A token made with nobody signed in (a script, a
test) is bound to no one: every form a user is shown is made in their own request. The first POST
with a valid token claims it by inserting its nonce into the database (`token_claim`): the primary
key makes the claim atomic across threads, processes and machines, whatever cache is configured.
The write path (apps.core.writes) gives a token back (`token_release`) when Blend certainly did
nothing, so the same form can be sent again; after a timeout on the write itself it stays claimed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.models import FormTokenClaim

TOKEN_TTL = 2 * 60 * 60  # seconds a rendered form stays valid
TOKEN_MAX_LENGTH = 128
_signer = signing.TimestampSigner(salt="blendadmin.form-token")


# The user of the request being answered (a lazy user object; None outside a request).
_user: ContextVar[Any] = ContextVar("blendadmin_token_user", default=None)


@contextmanager
def token_owner(user: Any) -> Iterator[None]:
    """Tokens made and checked inside are `user`'s (RequestContextMiddleware, around each request)."""
    reset = _user.set(user)
    try:
        yield
    finally:
        _user.reset(reset)


def _owner() -> str:
    """The signed-in user's key ("" when nobody is signed in)."""
    user = _user.get()
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.pk)


def token_new() -> str:
    return _signer.sign(f"{_owner()}.{secrets.token_urlsafe(16)}")


def _nonce(token: str) -> str | None:
    """The token's nonce if the server signed it within TOKEN_TTL for this request's user, else None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        value = _signer.unsign(token, max_age=TOKEN_TTL)
    except signing.BadSignature:  # SignatureExpired included
        return None
    owner, _, nonce = value.rpartition(".")
    return nonce if nonce and owner in ("", _owner()) else None


def token_valid(token: str) -> bool:
    return _nonce(token) is not None


def token_claim(token: str) -> bool:
    """True the first time a valid `token` is presented, False every later time (or when invalid)."""
    nonce = _nonce(token)
    if nonce is None:
        return False
    now = timezone.now()
    try:
        with transaction.atomic():
            FormTokenClaim.objects.create(nonce=nonce, claimed_at=now)
    except IntegrityError:
        return False
    # Claims older than any valid token can no longer matter.
    FormTokenClaim.objects.filter(claimed_at__lt=now - timedelta(seconds=TOKEN_TTL)).delete()
    return True


def token_release(token: str) -> None:
    """Make `token` usable again (the request it guarded certainly did not change anything)."""
    nonce = _nonce(token)
    if nonce is not None:
        FormTokenClaim.objects.filter(nonce=nonce).delete()
