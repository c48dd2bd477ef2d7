"""Let the editors' groups read the search reports and manage promoted search results."""

from django.db import migrations

GROUPS = ["Editors", "Moderators", "Editores de conteúdo"]
PERMISSIONS = [
    ("services", "unansweredsearch", "search without results", ["view"]),
    ("services", "suggestionopening", "suggestion opened", ["view"]),
    (
        "wagtailsearchpromotions",
        "searchpromotion",
        "search promotion",
        ["add", "change", "delete"],
    ),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    groups = list(Group.objects.filter(name__in=GROUPS))
    if not groups:
        return
    for app_label, model, verbose_name, actions in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            for group in groups:
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0003_search_reports"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
