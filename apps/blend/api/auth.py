"""Token verification (login and refresh live in apps.blend.auth, below every request)."""

from __future__ import annotations

from apps.blend.api.base import APIBase
from apps.blend.models.base import BlendModel


class TokenCheck(BlendModel):
    valid: bool = False
    user: dict | None = None


class AuthAPI(APIBase):
    def auth_verify(self) -> TokenCheck:
        return self._one(TokenCheck, "GET", "/auth/verify")
