"""One-time tokens for write forms: a double click or a re-sent form reaches Blend at most once.

Every rendered write form carries a fresh token the server signed (`token_new`); a token that is not
ours, or older than TOKEN_TTL, is refused before anything else (`token_valid`). The first POST with
a valid token claims it by inserting its nonce into the database (`token_claim`): the primary key
makes the claim atomic across threads, processes and machines, whatever cache is configured. The
write path (apps.core.writes) gives a token back (`token_release`) when Blend certainly did nothing,
so the same form can be sent again; after a timeout on the write itself it stays claimed.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.models import FormTokenClaim

TOKEN_TTL = 2 * 60 * 60  # seconds a rendered form stays valid
TOKEN_MAX_LENGTH = 128
_signer = signing.TimestampSigner(salt="blendadmin.form-token")


def token_new() -> str:
    return _signer.sign(secrets.token_urlsafe(16))


def _nonce(token: str) -> str | None:
    """The token's nonce if the server signed it within TOKEN_TTL, else None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        return _signer.unsign(token, max_age=TOKEN_TTL)
    except signing.BadSignature:  # SignatureExpired included
        return None


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
