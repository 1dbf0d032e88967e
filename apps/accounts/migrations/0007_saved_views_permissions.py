"""The saved views permissions: save_order_views (every role), manage_order_views (Manager)."""

from django.db import migrations

NEW = {
    "save_order_views": (
        "Can save order list views and share them with their role",
        ["Clinic staff", "Support", "Manager"],
    ),
    "manage_order_views": ("Can manage shared order views and each role's default queue", ["Manager"]),
}


def add_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="blendadminpermission")
    for codename, (name, roles) in NEW.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        for group in Group.objects.filter(name__in=roles):
            group.permissions.add(permission)


def remove_permissions(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="accounts", codename__in=list(NEW)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_recalls_permission")]

    operations = [
        migrations.AlterModelOptions(
            name="blendadminpermission",
            options={
                "default_permissions": (),
                "managed": False,
                "permissions": [
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
                ],
            },
        ),
        migrations.RunPython(add_permissions, remove_permissions),
    ]
