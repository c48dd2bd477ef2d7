"""The outbox's move from the form builder to core keeps every e-mail: its id (a
queued task still finds it), its creation time and what it was about."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from core.models import OutboundEmail

MIGRATION = importlib.import_module("forms.migrations.0010_outbox_moves_to_core")
BEFORE = [("procon_forms", "0009_steps_document_kinds_and_roles"), ("core", "0001_outbound_email")]
FIELDS = (
    "id", "kind", "to", "subject", "body", "status", "attempts",
    "last_error", "next_attempt_at", "created_at", "sent_at", "submission_id",
)  # fmt: skip


@pytest.fixture
def old_table():
    """The form builder's table, as the migration finds it, for one test."""
    apps = MigrationLoader(connection).project_state(BEFORE).apps
    model = apps.get_model("procon_forms", "OutboundEmail")
    with connection.schema_editor() as editor:
        editor.create_model(model)
    yield apps, model
    with connection.schema_editor() as editor:
        editor.delete_model(model)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_email_and_back(old_table, make_submission):
    apps, Old = old_table
    submission = make_submission()
    created = dt.datetime(2026, 5, 4, 10, 30, tzinfo=dt.UTC)
    Old.objects.create(
        id=41, kind="receipt", to="maria@example.com", subject="Protocolo", body="Olá",
        submission_id=submission.pk, status="failed", attempts=5, last_error="SMTP down",
        next_attempt_at=created,
    )  # fmt: skip
    Old.objects.create(
        id=42, kind="resume_link", to="joao@example.com", subject="Continue", body="",
        status="sent", attempts=1, next_attempt_at=created, sent_at=created,
    )  # fmt: skip
    Old.objects.filter(pk__in=[41, 42]).update(created_at=created)
    before = sorted(Old.objects.values_list(*FIELDS))

    with connection.schema_editor() as editor:
        MIGRATION.copy_to_core(apps, editor)

    receipt, link = OutboundEmail.objects.order_by("pk")
    assert (receipt.pk, receipt.about, receipt.status, receipt.attempts) == (
        41, submission, "failed", 5
    )  # fmt: skip
    assert receipt.created_at == created and receipt.last_error == "SMTP down"
    assert (link.pk, link.about, link.sent_at) == (42, None, created)
    assert list(submission.emails.all()) == [receipt]
    # New e-mails number on after the copied ones (PostgreSQL's sequence too).
    assert OutboundEmail.objects.create(kind="x", to="a@example.com", subject="s").pk > 42

    OutboundEmail.objects.filter(pk__gt=42).delete()
    Old.objects.all().delete()  # the migration then drops the table; undoing it makes it anew
    with connection.schema_editor() as editor:
        MIGRATION.copy_back(apps, editor)
    assert sorted(Old.objects.values_list(*FIELDS)) == before
    assert not OutboundEmail.objects.exists()
