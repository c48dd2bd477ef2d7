"""The e-mail outbox moves to the core app (core.OutboundEmail): every row is
copied with its id (tasks already queued find their e-mail), its submission
becoming what the e-mail is `about`; then the form builder's table goes."""

from django.core.management.color import no_style
from django.db import migrations


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("procon_forms", "OutboundEmail")
    New = apps.get_model("core", "OutboundEmail")
    ContentType = apps.get_model("contenttypes", "ContentType")
    submission_type, _ = ContentType.objects.get_or_create(
        app_label="procon_forms", model="submission"
    )
    fields = [
        "id", "kind", "to", "subject", "body", "status", "attempts",
        "last_error", "next_attempt_at", "created_at", "sent_at",
    ]  # fmt: skip
    rows = []
    for old in Old.objects.order_by("pk").iterator():
        new = New(**{name: getattr(old, name) for name in fields})
        if old.submission_id is not None:
            new.content_type_id, new.object_id = submission_type.pk, old.submission_id
        rows.append(new)
    _insert(New, rows)
    _reset_sequence(schema_editor, New)


def copy_back(apps, schema_editor):
    Old = apps.get_model("procon_forms", "OutboundEmail")
    New = apps.get_model("core", "OutboundEmail")
    ContentType = apps.get_model("contenttypes", "ContentType")
    submission_type = ContentType.objects.filter(
        app_label="procon_forms", model="submission"
    ).first()
    fields = [
        "id", "kind", "to", "subject", "body", "status", "attempts",
        "last_error", "next_attempt_at", "created_at", "sent_at",
    ]  # fmt: skip
    rows = []
    for new in New.objects.order_by("pk").iterator():
        old = Old(**{name: getattr(new, name) for name in fields})
        if submission_type is not None and new.content_type_id == submission_type.pk:
            old.submission_id = new.object_id
        rows.append(old)
    _insert(Old, rows)
    New.objects.all().delete()
    _reset_sequence(schema_editor, Old)


def _insert(model, rows):
    """bulk_create keeping each row's creation time (auto_now_add would replace it)."""
    created_at = model._meta.get_field("created_at")
    created_at.auto_now_add = False
    try:
        model.objects.bulk_create(rows, batch_size=500)
    finally:
        created_at.auto_now_add = True


def _reset_sequence(schema_editor, model):
    """Rows inserted with their ids leave PostgreSQL's id sequence behind."""
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), [model])
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forget_old_type(apps, schema_editor):
    """The old model's content type and its permissions (nobody held them)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="procon_forms", model="outboundemail").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("procon_forms", "0009_steps_document_kinds_and_roles"),
        ("core", "0001_outbound_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="OutboundEmail"),
        migrations.RunPython(forget_old_type, migrations.RunPython.noop),
    ]
