"""Supervisors keep the supplier registry and its representatives: add, change
(revoking is a change) and view. Nobody deletes a representative, so the record
of who answered for a company stays."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPERVISORS = "Supervisores"
CODES = [
    "add_supplier",
    "change_supplier",
    "view_supplier",
    "add_representative",
    "change_representative",
    "view_representative",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("supplier_enrolment")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SUPERVISORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="supplier_enrolment", codename__in=CODES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SUPERVISORS).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="supplier_enrolment", codename__in=CODES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("supplier_enrolment", "0002_representatives_letters_info_page"),
        ("inbox", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
