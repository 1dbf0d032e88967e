"""Who may find, read and create tasks, and who records people's Blend user ids."""

from __future__ import annotations

VIEW = "accounts.view_tasks"
CREATE = "accounts.create_tasks"
MANAGE_PEOPLE = "accounts.manage_team"
