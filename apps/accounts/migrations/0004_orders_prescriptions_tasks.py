"""Permissions for new orders, e-prescriptions and tasks, given to the roles: clinic staff create
orders, view and submit e-prescriptions, find and create tasks; support views e-prescriptions and
finds and creates tasks; managers hold every permission."""

from django.db import migrations

NEW = {
    "create_orders": "Can send new orders to Blend",
    "view_prescriptions": "Can view e-prescriptions",
    "submit_prescriptions": "Can submit NCPDP SCRIPT e-prescriptions",
    "view_tasks": "Can find and view tasks",
    "create_tasks": "Can create tasks",
}
ROLES = {
    "Clinic staff": list(NEW),
    "Support": ["view_prescriptions", "view_tasks", "create_tasks"],
    "Manager": list(NEW),
}


def add_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="blendadminpermission")
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in NEW.items()
    }
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*(permissions[codename] for codename in ROLES[group.name]))


def remove_permissions(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="accounts", codename__in=list(NEW)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_manage_team")]

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
                    ("create_orders", "Can send new orders to Blend"),
                    ("view_prescriptions", "Can view e-prescriptions"),
                    ("submit_prescriptions", "Can submit NCPDP SCRIPT e-prescriptions"),
                    ("view_tasks", "Can find and view tasks"),
                    ("create_tasks", "Can create tasks"),
                ],
            },
        ),
        migrations.RunPython(add_permissions, remove_permissions),
    ]
