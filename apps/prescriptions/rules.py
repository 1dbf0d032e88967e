"""Who may read e-prescriptions and submit NCPDP SCRIPT ones."""

from __future__ import annotations

VIEW = "accounts.view_prescriptions"
SUBMIT = "accounts.submit_prescriptions"
