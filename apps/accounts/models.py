"""BlendAdmin's permissions. No table: the model only carries the permission codenames."""

from __future__ import annotations

from django.db import models

PERMISSIONS: list[tuple[str, str]] = [
    ("view_orders", "Can view orders"),
    ("edit_orders", "Can edit order address, shipping, external id and lines"),
    ("change_order_status", "Can pause, unpause, prioritize and request cancellation or replacement"),
    ("cancel_order", "Can cancel orders"),
    ("view_patients", "Can view patients"),
    ("edit_patients", "Can edit patients"),
    ("view_prescribers", "Can view prescribers"),
    ("edit_prescribers", "Can edit prescribers"),
    ("view_catalog", "Can view the catalog"),
    ("edit_catalog", "Can edit the catalog"),
    ("view_reports", "Can view reports"),
    ("view_audit", "Can view the audit log"),
    ("manage_team", "Can manage BlendAdmin users"),
    ("create_orders", "Can send new orders to Blend"),
    ("view_prescriptions", "Can view e-prescriptions"),
    ("submit_prescriptions", "Can submit NCPDP SCRIPT e-prescriptions"),
    ("view_tasks", "Can find and view tasks"),
    ("create_tasks", "Can create tasks"),
    ("view_events", "Can view the events Blend sent"),
    ("replay_events", "Can replay an event Blend sent"),
    ("manage_notifications", "Can manage Blend notifications and the webhook secret"),
    ("manage_recalls", "Can recall a product or lot and stop its open orders"),
    ("save_order_views", "Can save order list views and share them with their role"),
    ("manage_order_views", "Can manage shared order views and each role's default queue"),
]


class BlendAdminPermission(models.Model):
    """Holder of the `accounts.<codename>` permissions: `user.has_perm("accounts.view_orders")`."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = PERMISSIONS

    def __str__(self) -> str:
        return "BlendAdmin permissions"
