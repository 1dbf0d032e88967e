from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="BlendAdminPermission",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "managed": False,
                "default_permissions": (),
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
                ],
            },
        ),
    ]
