"""The development default of SECRETS_ENCRYPTION_KEY (imported by the settings: no Django here)."""

from __future__ import annotations

import base64
import hashlib


def development_key(secret_key: str) -> str:
    """A Fernet key derived from SECRET_KEY: the development and test default only."""
    digest = hashlib.sha256(f"webhook-secrets:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()
