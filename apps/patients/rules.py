"""Who may read and change patients."""

from __future__ import annotations

VIEW = "accounts.view_patients"
EDIT = "accounts.edit_patients"
