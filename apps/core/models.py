"""The one table BlendAdmin keeps for itself besides users and the audit log: claimed form tokens."""

from __future__ import annotations

from django.db import models


class FormTokenClaim(models.Model):
    """A one-time form token that has been used (apps.core.once). The database holds the claim, so
    a re-sent form is refused in every process, with or without a shared cache."""

    nonce = models.CharField(max_length=64, primary_key=True)
    claimed_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"form token claimed at {self.claimed_at:%Y-%m-%d %H:%M:%S}"
