"""Seeded, deterministic demo data. (Placeholder: the API user only; the full seed is being written.)"""

from __future__ import annotations

from datetime import datetime

from apps.sandbox.state import SandboxState

SANDBOX_EMAIL = "sandbox@example.com"
SANDBOX_PASSWORD = "sandbox"
SANDBOX_USER_ID = "5f0c1d2e-0000-4000-8000-00000000a001"


def build_seeded_state(*, seed: int, anchor: datetime) -> SandboxState:
    state = SandboxState()
    state.users.insert(
        {
            "id": SANDBOX_USER_ID,
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z",
            "email": SANDBOX_EMAIL,
            "password": SANDBOX_PASSWORD,
            "first_name": "Sandbox",
            "last_name": "Integration",
            "is_active": True,
            "role": "admin",
        }
    )
    return state
