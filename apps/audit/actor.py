"""Who is acting: passed as `actor=` to every audited service and selector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from apps.accounts.roles import user_role


@dataclass(frozen=True)
class Actor:
    user: Any
    client_ip: str = ""
    request_id: str = ""

    @property
    def role(self) -> str:
        return user_role(self.user)

    @classmethod
    def from_request(cls, request: HttpRequest) -> Actor:
        return cls(
            user=request.user,
            client_ip=getattr(request, "client_ip", ""),
            request_id=getattr(request, "request_id", ""),
        )
