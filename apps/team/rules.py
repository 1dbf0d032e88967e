"""Who may manage BlendAdmin's users."""

from __future__ import annotations

MANAGE = "accounts.manage_team"
