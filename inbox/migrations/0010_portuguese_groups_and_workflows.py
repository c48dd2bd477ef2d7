"""Wagtail's default groups and workflow in Portuguese, and the forms' review.

- Wagtail's "Moderators approval" workflow and task (on the root page: every
  page may be submitted for review) become "Aprovação de páginas", approved by
  the content editors.
- Wagtail's "Editors" and "Moderators" groups are merged into "Editores de
  conteúdo" (the same job: pages, images, documents, topics): their members,
  their permissions (model, page and collection ones) and the tasks they
  approved go to that group, then they are removed.
- "Aprovação de formulários": one task approved by the supervisors, the
  workflow every form page goes through (forms/approval.py finds it by name).

On a database where any of this was already renamed or removed, the missing
part is left alone; nothing is created twice.
"""

from django.conf import settings
from django.db import migrations

EDITORS = "Editores de conteúdo"
SUPERVISORS = "Supervisores"
OLD_GROUPS = ["Editors", "Moderators"]
DEFAULT_WORKFLOW = "Moderators approval"
PAGES_WORKFLOW = "Aprovação de páginas"
PAGES_TASK = "Revisão pelos editores de conteúdo"
FORMS_WORKFLOW = "Aprovação de formulários"
FORMS_TASK = "Revisão pelos supervisores"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    supervisors, _ = Group.objects.get_or_create(name=SUPERVISORS)

    for task in GroupApprovalTask.objects.filter(name=DEFAULT_WORKFLOW):
        task.name = PAGES_TASK
        task.save(update_fields=["name"])
    Workflow.objects.filter(name=DEFAULT_WORKFLOW).update(name=PAGES_WORKFLOW)

    for old in Group.objects.filter(name__in=OLD_GROUPS):
        for user in User.objects.filter(groups=old):
            user.groups.add(editors)
        editors.permissions.add(*old.permissions.all())
        for grant in GroupPagePermission.objects.filter(group=old):
            GroupPagePermission.objects.get_or_create(
                group=editors, page_id=grant.page_id, permission_id=grant.permission_id
            )
        for grant in GroupCollectionPermission.objects.filter(group=old):
            GroupCollectionPermission.objects.get_or_create(
                group=editors,
                collection_id=grant.collection_id,
                permission_id=grant.permission_id,
            )
        for task in GroupApprovalTask.objects.filter(groups=old):
            task.groups.add(editors)
        old.delete()

    if not Workflow.objects.filter(name=FORMS_WORKFLOW).exists():
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=FORMS_TASK, content_type=content_type, active=True
        )
        task.groups.set([supervisors])
        workflow = Workflow.objects.create(name=FORMS_WORKFLOW, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0009_event_kinds_hearings_and_sharing"),
        ("services", "0004_search_report_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Not reversed: the old groups' members are not told apart from the others.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
