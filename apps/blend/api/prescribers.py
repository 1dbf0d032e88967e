"""Prescribers, credentials, licences (qualifications) and supervisorial relationships."""

from __future__ import annotations

from typing import Any

from apps.blend.api.base import APIBase
from apps.blend.models.prescribers import Credential, Prescriber, Qualification, Supervision
from apps.blend.pagination import Page

PRESCRIBER = "/prescribers/{prescriber_id}"
QUALIFICATION = PRESCRIBER + "/qualifications/{qualification_id}"


class PrescribersAPI(APIBase):
    def prescriber_list(self, *, page: int = 1, page_size: int = 25) -> Page[Prescriber]:
        return self._page(Prescriber, "/prescribers", page=page, page_size=page_size)

    def prescriber_create(self, *, prescriber: dict[str, Any]) -> Prescriber:
        """Blend de-duplicates on NPI: for a known NPI it returns the prescriber it has. Its docs do
        not say how the answer differs (no status code is shown), so `created` is left unset here:
        apps.prescribers.services.prescriber_create decides it."""
        return self._one(Prescriber, "POST", "/prescribers", json=prescriber)

    def prescriber_get(self, *, prescriber_id: str) -> Prescriber:
        return self._one(Prescriber, "GET", PRESCRIBER, path={"prescriber_id": prescriber_id})

    def prescriber_update(self, *, prescriber_id: str, changes: dict[str, Any]) -> Prescriber:
        """Partial. Licences change through the qualification methods, not here."""
        return self._one(Prescriber, "PUT", PRESCRIBER, path={"prescriber_id": prescriber_id}, json=changes)

    def prescriber_credentials(self) -> list[Credential]:
        return self._reference(
            "prescriber_credentials", lambda: self._many(Credential, "GET", "/prescribers/credentials")
        )

    def prescriber_qualification_create(
        self, *, prescriber_id: str, qualification: dict[str, Any]
    ) -> Qualification:
        return self._one(
            Qualification,
            "POST",
            PRESCRIBER + "/qualifications",
            path={"prescriber_id": prescriber_id},
            json=qualification,
        )

    def prescriber_qualification_update(
        self, *, prescriber_id: str, qualification_id: str, qualification: dict[str, Any]
    ) -> Qualification:
        """`qualification_id` may be the licence's id or its 2-letter state. A new `license_number`
        for the state deactivates the old licence; the answer is then the new, current one."""
        path = {"prescriber_id": prescriber_id, "qualification_id": qualification_id}
        return self._one(Qualification, "PUT", QUALIFICATION, path=path, json=qualification)

    def prescriber_qualification_deactivate(
        self, *, prescriber_id: str, qualification_id: str
    ) -> Qualification:
        path = {"prescriber_id": prescriber_id, "qualification_id": qualification_id}
        return self._one(Qualification, "DELETE", QUALIFICATION, path=path)

    def prescriber_supervisors(self, *, prescriber_id: str) -> list[Supervision]:
        return self._many(
            Supervision, "GET", PRESCRIBER + "/supervisors", path={"prescriber_id": prescriber_id}
        )

    def prescriber_supervisees(self, *, prescriber_id: str) -> list[Supervision]:
        return self._many(
            Supervision, "GET", PRESCRIBER + "/supervisees", path={"prescriber_id": prescriber_id}
        )

    def prescriber_supervisor_add(self, *, prescriber_id: str, supervisor_id: str, state: str) -> Supervision:
        """`supervisor_id` supervises `prescriber_id` in `state` (the supervisor needs a current licence)."""
        return self._one(
            Supervision,
            "POST",
            PRESCRIBER + "/supervisors",
            path={"prescriber_id": prescriber_id},
            json={"supervisor_id": supervisor_id, "state": state},
        )

    def prescriber_supervisor_remove(self, *, prescriber_id: str, supervisor_id: str, state: str) -> str:
        data = self._data(
            "DELETE",
            PRESCRIBER + "/supervisors/{supervisor_id}",
            path={"prescriber_id": prescriber_id, "supervisor_id": supervisor_id},
            params={"state": state},
        )
        return str(data.get("message", "")) if isinstance(data, dict) else ""
