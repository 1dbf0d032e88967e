"""Who may save order list views, share them and set each role's default queue."""

from __future__ import annotations

SAVE = "accounts.save_order_views"  # save views, rename and delete one's own, share with one's role
MANAGE = "accounts.manage_order_views"  # share with any role, manage others' shared views, default queues
