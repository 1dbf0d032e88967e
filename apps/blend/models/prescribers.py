"""Prescribers, their licences (qualifications), credentials and supervisorial relationships."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field, model_validator

from apps.blend.models.base import BlendModel
from apps.blend.models.orders import Address


class Qualification(BlendModel):
    """A state licence."""

    id: str | None = None
    state: str = ""
    license_number: str = ""
    description: str | None = None
    expiration_date: str | None = None
    is_active: bool = True

    @property
    def expires_on(self) -> date | None:
        try:
            return date.fromisoformat(self.expiration_date or "")
        except ValueError:
            return None

    @property
    def is_expired(self) -> bool:
        expires = self.expires_on
        return expires is not None and expires < date.today()

    @property
    def is_current(self) -> bool:
        return self.is_active and not self.is_expired


class Credential(BlendModel):
    """A credential (`MD`, `NP`, ...): `code` in the lookup, `credential_code` on a prescriber."""

    code: str = ""
    name: str = ""

    @model_validator(mode="before")
    @classmethod
    def _code(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("code") and data.get("credential_code"):
            data = {**data, "code": data["credential_code"]}
        return data


class Prescriber(BlendModel):
    id: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    first_name: str = ""
    middle_name: str | None = None
    last_name: str = ""
    email: str | None = None
    phone: str | None = None
    date_of_birth: str | None = Field(default=None, repr=False)
    gender: str | None = None
    npi: str | None = None
    dea: str | None = None
    spi: str | None = None
    driver_license_number: str | None = Field(default=None, repr=False)
    driver_license_state: str | None = None
    is_active: bool = True
    credential_npi: str | None = None
    addresses: list[Address] = Field(default_factory=list)
    credentials: list[Credential] = Field(default_factory=list)
    restrictions: list[dict[str, Any]] = Field(default_factory=list)
    qualifications: list[Qualification] = Field(default_factory=list)
    rank: float | None = None  # on search results
    result_type: str | None = None  # on search-all results
    # Set by the client from the status of `POST /prescribers`: False when Blend returned the
    # prescriber it already had for this NPI (NPI de-duplication), None when not known.
    created: bool | None = Field(default=None, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _lists(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            for key in ("addresses", "credentials", "restrictions", "qualifications"):
                if data.get(key) is None:
                    data[key] = []
        return data

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @property
    def display_name(self) -> str:
        """`Jane Doe, NP` (credential codes after the name)."""
        codes = ", ".join(c.code for c in self.credentials if c.code)
        return f"{self.full_name}, {codes}" if codes else self.full_name

    @property
    def current_qualifications(self) -> list[Qualification]:
        return [q for q in self.qualifications if q.is_current]

    @property
    def licensed_states(self) -> list[str]:
        return sorted({q.state for q in self.current_qualifications if q.state})


class Supervision(BlendModel):
    """One side of a supervisorial relationship in one state: the other prescriber."""

    id: str | None = None
    state: str = ""
    prescriber: Prescriber = Field(default_factory=Prescriber)
