"""Indexes the case listing's default sort needs on the submissions table.

The listing shows newest first (submit time, then id for a stable order); without
this index PostgreSQL sorts every row to show the first page. Plain SQL because
the table belongs to forms, which knows nothing of the inbox's queries.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0002_roles"),
        ("procon_forms", "0002_form_pages_drafts_submissions"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS inbox_submission_received "
            "ON procon_forms_submission (submit_time DESC, id DESC)",
            "DROP INDEX IF EXISTS inbox_submission_received",
        ),
    ]
