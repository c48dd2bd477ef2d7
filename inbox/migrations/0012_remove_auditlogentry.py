"""The old access-log table goes (its entries moved to Wagtail's log entries in
0011), with its content type and permission. Reversed, the table comes back
empty and the supervisors get its permission again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPERVISORS = "Supervisores"


def forget_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="inbox", model="auditlogentry").delete()


def restore_permission(apps, schema_editor):
    app_config = apps.get_app_config("inbox")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SUPERVISORS).first()
    if group:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="inbox", codename="view_auditlogentry"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0011_move_audit_log_to_wagtail"),
    ]

    operations = [
        migrations.RunPython(forget_content_type, restore_permission),
        migrations.DeleteModel(name="AuditLogEntry"),
    ]
