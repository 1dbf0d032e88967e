"""Who may run recalls (managers), and the actions a recall may take on its orders."""

from __future__ import annotations

MANAGE = "accounts.manage_recalls"
# The bulk actions (apps.bulk) a recall offers: stop what can be stopped, ask Blend to cancel what is
# past the point where it can be cancelled outright.
ACTIONS = ("pause", "cancel", "request_cancellation")
