"""The access log in Wagtail's log entries: supervisors read it in the access log
report (Wagtail's site history view, with a user filter that offers every user);
attendants and content editors never see who read a case, there or in Wagtail's
site history; what the entries say; and the migration that moved the old entries
there."""

import datetime as dt
from importlib import import_module

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import translation
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from forms.models import Attachment
from inbox import audit
from inbox.models import CaseData, StaffMember

pytestmark = pytest.mark.django_db

SITE_HISTORY = reverse("wagtailadmin_reports:site_history")
ACCESS_LOG = reverse("inbox_access_log:index")
MIGRATION_NAME = "0011_move_audit_log_to_wagtail"
MIGRATION = import_module(f"inbox.migrations.{MIGRATION_NAME}")


@pytest.fixture
def read_case(client, make_submission, attendant, supervisor):
    """A case an attendant opened and a case list a supervisor exported."""
    case = make_submission().case
    client.force_login(attendant)
    assert client.get(reverse("inbox:case", args=[case.pk])).status_code == 200
    client.force_login(supervisor)
    b"".join(client.get(reverse("inbox:export", args=["csv"])).streaming_content)
    client.logout()
    return case


def report(client, viewer, url=ACCESS_LOG, **params):
    client.force_login(viewer)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_supervisors_read_who_opened_a_case_in_the_access_log(
    client, read_case, attendant, supervisor
):
    html = report(client, supervisor)
    protocol = read_case.submission.protocol
    # The entry, linked to the case page, with who did it.
    assert f'href="{reverse("inbox:case", args=[read_case.pk])}"' in html
    assert protocol in html and attendant.first_name in html
    assert 'value="procon.case_view"' in html and 'value="procon.export"' in html
    # Filtered by action and by object type, as the report offers.
    only_reads = report(client, supervisor, action="procon.case_view")
    assert protocol in only_reads and supervisor.username not in only_reads
    assert protocol not in report(client, supervisor, action="procon.export")
    staff_type = ContentType.objects.get_for_model(StaffMember, False)
    only_staff = report(client, supervisor, object_type=str(staff_type.pk))
    assert protocol not in only_staff and supervisor.username in only_staff


def test_the_access_log_filters_by_any_user_who_wrote_an_entry(
    client, read_case, attendant, supervisor
):
    """Wagtail 8.0's site history offers only users with page log entries; the
    access log offers the attendant who opened the case, and filters by them."""
    html = report(client, supervisor)
    assert f'name="user" value="{attendant.pk}"' in html
    assert f'name="user" value="{supervisor.pk}"' in html
    wagtails = report(client, supervisor, url=SITE_HISTORY)
    assert f'name="user" value="{attendant.pk}"' not in wagtails  # what the view fixes
    protocol = read_case.submission.protocol
    by_attendant = report(client, supervisor, user=str(attendant.pk))
    assert protocol in by_attendant and "procon.export" not in by_attendant.split("<table")[-1]
    by_supervisor = report(client, supervisor, user=str(supervisor.pk))
    assert protocol not in by_supervisor


@pytest.mark.parametrize("role", ["attendant", "editor"])
def test_attendants_and_editors_never_see_the_access_log(client, read_case, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(ACCESS_LOG).status_code in (302, 403)
    # Wagtail's own site history, open to every admin user, holds none of its entries.
    html = report(client, user, url=SITE_HISTORY)
    assert read_case.submission.protocol not in html
    assert 'value="procon.' not in html  # no access-log action in the filter
    visible = ModelLogEntry.objects.viewable_by_user(user)
    assert not visible.filter(action__startswith="procon.").exists()
    # Even filtered on the action by hand, the report holds none of them.
    assert read_case.submission.protocol not in report(
        client, user, url=SITE_HISTORY, action="procon.case_view"
    )


def test_only_supervisors_get_the_access_log_in_their_menu(client, attendant, supervisor):
    client.force_login(supervisor)
    assert ACCESS_LOG in client.get("/admin/").content.decode()
    client.force_login(attendant)
    assert ACCESS_LOG not in client.get("/admin/").content.decode()


def test_the_entries_hold_identifiers_and_say_who_did_it(make_submission, supervisor):
    case = make_submission().case
    submission = case.submission
    file = Attachment.objects.create(
        submission=submission,
        field_key="documentos",
        original_name="rg-maria.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        storage_name="anexos/x.pdf",
    )
    letter = audit.record(
        "procon.supplier_attachment_denied",
        case,
        party="supplier",
        letter=7,
        attachment=str(file.pk),
        ip="10.0.0.1",
    )
    representative = audit.record("procon.supplier_case_view", submission, representative=42)
    citizen = audit.record("procon.tracking_download", case, party="citizen", detail="pdf")
    export = audit.record(audit.EXPORT, user=supervisor, detail="csv; status")
    for entry in (letter, representative, citizen):
        assert entry.content_type == ContentType.objects.get_for_model(CaseData, False)
        assert (entry.object_id, entry.label, entry.user) == (
            str(case.pk),
            submission.protocol,
            None,
        )
    assert export.content_type == ContentType.objects.get_for_model(StaffMember, False)
    assert (export.object_id, export.label, export.user) == (
        str(supervisor.pk),
        supervisor.username,
        supervisor,
    )
    assert "rg-maria" not in str(letter.__dict__) and "Maria" not in str(letter.__dict__)
    with translation.override("en"):
        assert ModelLogEntry.objects.get(pk=letter.pk).message == (
            "Asked in the supplier area for a file not shared with the supplier "
            f"(with the code of letter 7; file {file.pk}; from 10.0.0.1)"
        )
        assert ModelLogEntry.objects.get(pk=representative.pk).message == (
            "Opened the case in the supplier area (by a supplier representative, account 42)"
        )
        assert ModelLogEntry.objects.get(pk=citizen.pk).message == (
            "Downloaded the case's data on the tracking page (by the consumer; pdf)"
        )
        assert ModelLogEntry.objects.get(pk=export.pk).message == (
            "Exported the case list (csv; status)"
        )


def test_an_entry_needs_a_case_or_a_staff_member():
    with pytest.raises(ValueError):
        audit.record(audit.EXPORT)


def test_every_old_action_has_a_registered_new_one():
    for old, new in MIGRATION.ACTIONS.items():
        assert registry.action_exists(new), old
        assert registry.get_action_label(new)


# --- the migration --------------------------------------------------------------------


@pytest.fixture
def old_table():
    """The old table, as the migration finds it, for the length of a test."""
    apps = MigrationLoader(connection).project_state(("inbox", MIGRATION_NAME)).apps
    model = apps.get_model("inbox", "AuditLogEntry")
    with connection.schema_editor() as editor:
        editor.create_model(model)
    yield apps, model
    with connection.schema_editor() as editor:
        editor.delete_model(model)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_old_entries_and_back(
    old_table, make_submission, attendant, supervisor
):
    apps, Old = old_table
    case = make_submission().case
    protocol = case.submission.protocol
    kept = Attachment.objects.create(
        submission=case.submission,
        field_key="documentos",
        original_name="nota.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        storage_name="anexos/nota.pdf",
    )
    gone = "0b3c64cf-7a4e-4f0e-9a57-9c1d1d6f2f11"  # a file deleted since
    at = dt.datetime(2026, 5, 4, 10, 30, tzinfo=dt.UTC)
    submission_type = "procon_forms.submission"
    rows = [
        ("case.view", attendant.pk, submission_type, case.pk, "10.1.1.1", ""),
        ("supplier.case.view", attendant.pk, submission_type, case.pk, None, "representative"),
        ("supplier.attachment.denied", None, "procon_forms.attachment", kept.pk, None, "letter 9"),
        (
            "supplier.attachment.download",
            attendant.pk,
            "procon_forms.attachment",
            gone,
            None,
            "representative",
        ),
        ("tracking.download", None, "inbox.case", case.pk, "10.2.2.2", "citizen pdf"),
        ("export", supervisor.pk, "", "", "10.3.3.3", "csv; status"),
        ("retention.anonymise", None, submission_type, case.pk, None, "1825 days"),
    ]
    for action, user_id, object_type, object_id, ip, detail in rows:
        Old.objects.create(
            user_id=user_id,
            timestamp=at,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            ip_address=ip,
            detail=detail,
        )
    before = sorted(Old.objects.values_list(*FIELDS), key=repr)

    MIGRATION.move(apps, None)

    assert not Old.objects.exists()
    moved = {entry.action: entry for entry in ModelLogEntry.objects.filter(timestamp=at)}
    assert len(moved) == len(rows)
    case_data = ContentType.objects.get_for_model(CaseData, False)

    read = moved["procon.case_view"]
    assert (read.content_type, read.object_id, read.label) == (case_data, str(case.pk), protocol)
    assert read.user == attendant and read.data == {"ip": "10.1.1.1"}

    supplier = moved["procon.supplier_case_view"]
    assert supplier.user is None
    assert supplier.data == {"party": "supplier", "representative": attendant.pk}

    denied = moved["procon.supplier_attachment_denied"]
    assert (denied.content_type, denied.object_id) == (case_data, str(case.pk))
    assert denied.data == {"party": "supplier", "letter": 9, "attachment": str(kept.pk)}

    lost = moved["procon.supplier_attachment_download"]
    assert lost.content_type == ContentType.objects.get_for_model(Attachment)
    assert lost.object_id == gone

    citizen = moved["procon.tracking_download"]
    assert (citizen.content_type, citizen.object_id) == (case_data, str(case.pk))
    assert citizen.data == {"party": "citizen", "ip": "10.2.2.2", "detail": "pdf"}

    export = moved["procon.export"]
    assert export.content_type == ContentType.objects.get_for_model(StaffMember, False)
    assert (export.object_id, export.label, export.user) == (
        str(supervisor.pk),
        supervisor.username,
        supervisor,
    )
    assert export.data == {"ip": "10.3.3.3", "detail": "csv; status"}
    assert moved["procon.retention_anonymise"].user is None

    # Every moved entry reads in the site history, for supervisors only.
    assert ModelLogEntry.objects.viewable_by_user(supervisor).filter(timestamp=at).count() == 6
    assert not ModelLogEntry.objects.viewable_by_user(attendant).filter(timestamp=at).exists()

    MIGRATION.move_back(apps, None)

    assert sorted(Old.objects.values_list(*FIELDS), key=repr) == before
    assert not ModelLogEntry.objects.filter(action__startswith="procon.").exists()


FIELDS = ("user_id", "timestamp", "action", "object_type", "object_id", "ip_address", "detail")
