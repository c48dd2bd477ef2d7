"""The access log moves to Wagtail's log entries (`ModelLogEntry`), which
supervisors read in the site history report.

- Two proxies the entries are written against (`inbox.audit`): `CaseData` (a
  case) and `StaffMember` (a staff account, for what concerns no single case),
  each with a permission the supervisors' group gets. Wagtail's site history
  shows an entry only to users who hold a permission on its content type.
- Every `AuditLogEntry` becomes a `ModelLogEntry` with the same time and user,
  the action under its new name, the object as `inbox.audit` writes it now, and
  the client's address and the detail in `data`. Entries of outside parties
  (the tracking page, the supplier area) have no user: `data` says who they were.
  A file's entry goes to its case, with the file's id in `data`; the entry of a
  file deleted since keeps the file as its object (superusers see it).

Reversed, the entries under the new names go back to `AuditLogEntry` and leave
Wagtail's table. The next migration drops the old table.
"""

import re
import uuid

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import UserManager
from django.db import migrations

SUPERVISORS = "Supervisores"
PERMISSIONS = ["view_case_access_log", "view_staff_access_log"]
BATCH = 1000

ACTIONS = {
    "case.view": "procon.case_view",
    "export": "procon.export",
    "tracking.download": "procon.tracking_download",
    "supplier.case.view": "procon.supplier_case_view",
    "supplier.attachment.download": "procon.supplier_attachment_download",
    "supplier.attachment.denied": "procon.supplier_attachment_denied",
    "subject.search": "procon.subject_search",
    "subject.export": "procon.subject_export",
    "subject.anonymise": "procon.subject_anonymise",
    "retention.anonymise": "procon.retention_anonymise",
}
OLD_ACTIONS = {new: old for old, new in ACTIONS.items()}
SUPPLIER_ACTIONS = {"supplier.case.view", "supplier.attachment.download", "supplier.attachment.denied"}
CITIZEN_ACTIONS = {"tracking.download"}
CASE_TYPES = {"procon_forms.submission", "inbox.case"}
ATTACHMENT_TYPE = "procon_forms.attachment"


def new_action(action):
    return ACTIONS.get(action) or "procon." + action.replace(".", "_")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("inbox")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SUPERVISORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="inbox", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SUPERVISORS).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="inbox", codename__in=PERMISSIONS)
        )


def content_type(apps, label):
    app_label, model = label.split(".")
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def is_case(row):
    return row.object_type in CASE_TYPES and row.object_id.isdigit()


def _uuid(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def convert(apps, rows):
    """Unsaved `ModelLogEntry` rows for the `AuditLogEntry` rows given."""
    Submission = apps.get_model("procon_forms", "Submission")
    Attachment = apps.get_model("procon_forms", "Attachment")
    User = apps.get_model("auth", "User")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    case_type = content_type(apps, "inbox.casedata")
    staff_type = content_type(apps, "inbox.staffmember")

    file_ids = {_uuid(row.object_id) for row in rows if row.object_type == ATTACHMENT_TYPE}
    case_of_file = {
        str(pk): case_id
        for pk, case_id in Attachment.objects.filter(pk__in=file_ids - {None}).values_list(
            "pk", "submission_id"
        )
    }
    case_ids = {int(row.object_id) for row in rows if is_case(row)}
    case_ids |= {case_id for case_id in case_of_file.values() if case_id}
    protocols = dict(Submission.objects.filter(pk__in=case_ids).values_list("pk", "protocol"))
    usernames = dict(
        User.objects.filter(pk__in={row.user_id for row in rows}).values_list("pk", "username")
    )

    entries = []
    for row in rows:
        data = {}
        if row.ip_address:
            data["ip"] = row.ip_address
        detail, user_id = row.detail, row.user_id
        if row.action in SUPPLIER_ACTIONS:
            data["party"] = "supplier"
            letter = re.fullmatch(r"letter (\d+)", detail)
            if letter:
                data["letter"] = int(letter[1])
                detail = ""
            else:
                if user_id:
                    data["representative"] = user_id
                detail = "" if detail == "representative" else detail
            user_id = None
        elif row.action in CITIZEN_ACTIONS:
            data["party"] = "citizen"
            detail = detail.removeprefix("citizen ")
            user_id = None

        if is_case(row):
            kind, object_id = case_type, row.object_id
            label = protocols.get(int(object_id), object_id)
        elif row.object_type == ATTACHMENT_TYPE and case_of_file.get(row.object_id):
            case_id = case_of_file[row.object_id]
            kind, object_id = case_type, str(case_id)
            label = protocols.get(case_id, object_id)
            data["attachment"] = row.object_id
        elif row.object_type:
            kind, object_id, label = content_type(apps, row.object_type), row.object_id, row.object_id
        else:
            # Nothing but the staff member's own action (an export, a search); an
            # account deleted since leaves object 0.
            kind, object_id = staff_type, str(row.user_id or 0)
            label = usernames.get(row.user_id, "")
        if detail:
            data["detail"] = detail
        entries.append(
            ModelLogEntry(
                content_type=kind,
                object_id=object_id,
                label=label,
                action=new_action(row.action),
                data=data,
                timestamp=row.timestamp,
                user_id=user_id,
            )
        )
    return entries


def move(apps, schema_editor):
    AuditLogEntry = apps.get_model("inbox", "AuditLogEntry")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    rows = list(AuditLogEntry.objects.order_by("pk")[:BATCH])
    while rows:
        ModelLogEntry.objects.bulk_create(convert(apps, rows))
        AuditLogEntry.objects.filter(pk__in=[row.pk for row in rows]).delete()
        rows = list(AuditLogEntry.objects.order_by("pk")[:BATCH])


def convert_back(apps, entries):
    """Unsaved `AuditLogEntry` rows for Wagtail's entries given (of these actions)."""
    AuditLogEntry = apps.get_model("inbox", "AuditLogEntry")
    User = apps.get_model("auth", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    case_type = content_type(apps, "inbox.casedata")
    staff_type = content_type(apps, "inbox.staffmember")
    user_ids = {entry.user_id for entry in entries}
    user_ids |= {(entry.data or {}).get("representative") for entry in entries}
    existing = set(User.objects.filter(pk__in=user_ids - {None}).values_list("pk", flat=True))

    rows = []
    for entry in entries:
        data = entry.data or {}
        action = OLD_ACTIONS[entry.action]
        detail, user_id = data.get("detail", ""), entry.user_id
        if action in SUPPLIER_ACTIONS:
            if data.get("letter"):
                detail = f"letter {data['letter']}"
            else:
                detail, user_id = "representative", data.get("representative")
        elif action in CITIZEN_ACTIONS:
            detail = f"citizen {detail}".strip()
        if entry.content_type_id == case_type.pk:
            if data.get("attachment"):
                object_type, object_id = ATTACHMENT_TYPE, data["attachment"]
            elif action in CITIZEN_ACTIONS:
                object_type, object_id = "inbox.case", entry.object_id
            else:
                object_type, object_id = "procon_forms.submission", entry.object_id
        elif entry.content_type_id == staff_type.pk:
            object_type, object_id = "", ""
        else:
            kind = ContentType.objects.get(pk=entry.content_type_id)
            object_type, object_id = f"{kind.app_label}.{kind.model}", entry.object_id
        rows.append(
            AuditLogEntry(
                user_id=user_id if user_id in existing else None,
                timestamp=entry.timestamp,
                action=action,
                object_type=object_type,
                object_id=object_id,
                ip_address=data.get("ip"),
                detail=detail[:255],
            )
        )
    return rows


def move_back(apps, schema_editor):
    AuditLogEntry = apps.get_model("inbox", "AuditLogEntry")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ours = ModelLogEntry.objects.filter(action__in=OLD_ACTIONS).order_by("pk")
    entries = list(ours[:BATCH])
    while entries:
        AuditLogEntry.objects.bulk_create(convert_back(apps, entries))
        ModelLogEntry.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
        entries = list(ours[:BATCH])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("inbox", "0010_portuguese_groups_and_workflows"),
        ("procon_forms", "0009_steps_document_kinds_and_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseData",
            fields=[],
            options={
                "verbose_name": "case data",
                "verbose_name_plural": "case data",
                "permissions": [
                    (
                        "view_case_access_log",
                        "Can read who accessed the personal data of cases",
                    )
                ],
                "proxy": True,
                "default_permissions": (),
                "indexes": [],
                "constraints": [],
            },
            bases=("inbox.case",),
        ),
        migrations.CreateModel(
            name="StaffMember",
            fields=[],
            options={
                "verbose_name": "staff member",
                "verbose_name_plural": "staff members",
                "permissions": [
                    (
                        "view_staff_access_log",
                        "Can read the case-list exports and data-subject requests of staff",
                    )
                ],
                "proxy": True,
                "default_permissions": (),
                "indexes": [],
                "constraints": [],
            },
            bases=("auth.user",),
            managers=[
                ("objects", UserManager()),
            ],
        ),
        migrations.RunPython(grant, revoke),
        migrations.RunPython(move, move_back),
    ]
