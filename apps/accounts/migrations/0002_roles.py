"""Create the BlendAdmin permissions and the three role groups.

Frozen copy of apps/accounts/models.py PERMISSIONS and apps/accounts/roles.py ROLE_PERMISSIONS:
permissions are created here because post_migrate (which normally creates them) has not run yet.
"""

from django.db import migrations

PERMISSIONS = [
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
]
CLINIC = ["view_orders", "edit_orders", "view_patients", "edit_patients", "view_prescribers", "view_catalog"]
ROLES = {
    "Clinic staff": CLINIC,
    "Support": [*CLINIC, "change_order_status", "cancel_order"],
    "Manager": [codename for codename, _ in PERMISSIONS],
}


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="blendadminpermission")
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS
    }
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([permissions[codename] for codename in codenames])


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
