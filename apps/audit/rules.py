"""Who may read the audit log."""

from __future__ import annotations

VIEW = "accounts.view_audit"
