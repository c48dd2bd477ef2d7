"""The three staff roles as groups, with their permissions.

- Editores de conteúdo: the admin, pages, images and documents; no inbox, no submissions.
- Atendentes: the admin and the inbox (triage, cases assigned to them or unassigned).
- Supervisores: the inbox on every case, exports, reports, reason templates,
  deadline settings and the audit log.

Nobody gets `procon_forms.view_submission`: Wagtail's stock submissions view
ignores assignment, the workflow and the audit log, so the inbox replaces it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editores de conteúdo"
ATTENDANTS = "Atendentes"
SUPERVISORS = "Supervisores"

ADMIN = [("wagtailadmin", "access_admin")]
GROUP_PERMISSIONS = {
    EDITORS: ADMIN,
    ATTENDANTS: ADMIN + [("inbox", "work_case"), ("inbox", "view_case")],
    SUPERVISORS: ADMIN
    + [
        ("inbox", "work_case"),
        ("inbox", "supervise_case"),
        ("inbox", "view_case"),
        ("inbox", "add_reasontemplate"),
        ("inbox", "change_reasontemplate"),
        ("inbox", "delete_reasontemplate"),
        ("inbox", "change_workflowsettings"),
        ("inbox", "view_auditlogentry"),
    ],
}
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    for name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permission(app, code) for app, code in codes))

    editors = Group.objects.get(name=EDITORS)
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=root, permission=permission("wagtailcore", codename)
            )
    collection = Collection.objects.filter(depth=1).first()
    if collection is not None:
        for app, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=collection, permission=permission(app, codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("home", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
