"""Let the editors' groups manage topics and read readers' feedback.

Permissions are created here (not only by Django's post_migrate signal) so this
runs on a fresh database too; Django later finds them and creates no copies.
"""

from django.db import migrations

GROUPS = ["Editors", "Moderators", "Editores de conteúdo"]
PERMISSIONS = {
    "topic": ("topic", ["add", "change", "delete", "view"]),
    "subject": ("subject", ["add", "change", "delete", "view"]),
    "problem": ("problem", ["add", "change", "delete", "view"]),
    "pagefeedback": ("page feedback", ["view", "delete"]),
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    groups = list(Group.objects.filter(name__in=GROUPS))
    if not groups:
        return
    for model, (verbose_name, actions) in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="services", model=model)
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
        ("services", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
