"""The `manage_team` permission (the /team/ page), given to the Manager role."""

from django.db import migrations


def add_permission(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="blendadminpermission")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="manage_team", defaults={"name": "Can manage BlendAdmin users"}
    )
    for group in Group.objects.filter(name="Manager"):
        group.permissions.add(permission)


def remove_permission(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="accounts", codename="manage_team"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]

    operations = [
        migrations.AlterModelOptions(
            name="blendadminpermission",
            options={
                "default_permissions": (),
                "managed": False,
                "permissions": [
                    ("view_orders", "Can view orders"),
                    ("edit_orders", "Can edit order address, shipping, external id and lines"),
                    (
                        "change_order_status",
                        "Can pause, unpause, prioritize and request cancellation or replacement",
                    ),
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
                ],
            },
        ),
        migrations.RunPython(add_permission, remove_permission),
    ]
