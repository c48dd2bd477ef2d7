"""The first market sectors, and supervisors keep the list (add, change, view),
as they keep the supplier registry."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECTORS = [
    ("Telecomunicações", "telecomunicacoes"),
    ("Bancos e financeiras", "bancos-e-financeiras"),
    ("Varejo", "varejo"),
    ("Energia elétrica", "energia-eletrica"),
    ("Planos de saúde", "planos-de-saude"),
    ("Transporte aéreo", "transporte-aereo"),
    ("Água e saneamento", "agua-e-saneamento"),
    ("Seguros", "seguros"),
    ("Educação", "educacao"),
]
SUPERVISORS = "Supervisores"
CODES = ["add_sector", "change_sector", "view_sector"]


def seed(apps, schema_editor):
    Sector = apps.get_model("supplier_enrolment", "Sector")
    for name, slug in SECTORS:
        Sector.objects.get_or_create(slug=slug, defaults={"name": name})
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


def unseed(apps, schema_editor):
    Sector = apps.get_model("supplier_enrolment", "Sector")
    Sector.objects.filter(slug__in=[slug for _name, slug in SECTORS], suppliers=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("supplier_enrolment", "0006_sectors"),
        ("inbox", "0002_roles"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
