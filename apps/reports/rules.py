"""Who may read the reports."""

from __future__ import annotations

VIEW = "accounts.view_reports"
