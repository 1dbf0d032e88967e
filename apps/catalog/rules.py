"""Who may read and change the catalog."""

from __future__ import annotations

VIEW = "accounts.view_catalog"
EDIT = "accounts.edit_catalog"
