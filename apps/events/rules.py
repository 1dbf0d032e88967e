"""Who may see Blend's events, replay one, and manage notifications and the webhook secret."""

from __future__ import annotations

VIEW = "accounts.view_events"
REPLAY = "accounts.replay_events"
MANAGE_NOTIFICATIONS = "accounts.manage_notifications"
