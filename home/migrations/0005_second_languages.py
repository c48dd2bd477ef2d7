"""The public site's second languages: English and Spanish locales for pages."""

from django.db import migrations

LANGUAGES = ("en", "es")


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def remove_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    # Only while nothing is written in them (a page would be deleted with its locale).
    Locale.objects.filter(language_code__in=LANGUAGES, pages__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_agency_controller_identity"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(add_locales, remove_locales)]
