"""The retention command, with a frozen clock: expired closed cases keep no personal
data anywhere (database or private storage); everything else is left alone."""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from core.models import OutboundEmail
from forms.models import Attachment, Draft, Submission
from inbox.models import CaseEvent
from privacy.models import Anonymisation

pytestmark = pytest.mark.django_db

CLOSED_AT = dt.datetime(2020, 3, 10, 12, 0, tzinfo=dt.UTC)
EXPIRED_MARKERS = ["Joana Expirada", "11144477735", "joana@example.com", "sigilo-joana"]


def dump_database():
    out = io.StringIO()
    # Every table of every app, not only the ones we expect to hold personal data.
    call_command("dumpdata", stdout=out)
    return json.dumps(json.loads(out.getvalue()), ensure_ascii=False)


def stored_bytes(root):
    return b"".join(path.read_bytes() for path in root.rglob("*") if path.is_file())


@pytest.fixture
def cases(person_case):
    with time_machine.travel(CLOSED_AT, tick=False):
        expired = person_case(
            "Joana Expirada", "11144477735", "joana@example.com", secret="sigilo-joana"
        )
        still_open = person_case(
            "Ana Aberta", "52998224725", "ana@example.com", status="in_analysis", secret="aberta"
        )
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=4 * 365), tick=False):
        recent = person_case("Rita Recente", "39053344705", "rita@example.com", secret="recente")
    return {"expired": expired, "open": still_open, "recent": recent}


def run(now, *args):
    out = io.StringIO()
    with time_machine.travel(now, tick=False):
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_nothing_expires_before_the_period(settings, cases):
    settings.RETENTION_DAYS = 5 * 365
    before = CLOSED_AT + dt.timedelta(days=5 * 365 - 1)
    assert "anonymised 0 case(s)" in run(before)
    assert not Anonymisation.objects.exists()


def test_dry_run_changes_nothing(settings, cases):
    after = CLOSED_AT + dt.timedelta(days=5 * 365 + 1)
    assert "would anonymise 1 case(s)" in run(after, "--dry-run")
    assert not Anonymisation.objects.exists()


def test_expired_closed_cases_keep_no_personal_data(
    settings, cases, private_root, django_capture_on_commit_callbacks
):
    settings.RETENTION_DAYS = 5 * 365
    expired = cases["expired"]
    after = CLOSED_AT + dt.timedelta(days=5 * 365 + 1)
    assert b"sigilo-joana" in stored_bytes(private_root)
    with django_capture_on_commit_callbacks(execute=True):
        output = run(after)
    assert "anonymised 1 case(s)" in output

    # Nowhere in the database: submissions, answers, events, e-mails, drafts, files.
    database = dump_database()
    for marker in EXPIRED_MARKERS:
        assert marker not in database, marker
    # ... and not in private storage.
    assert b"sigilo-joana" not in stored_bytes(private_root)

    expired.refresh_from_db()
    assert (expired.consumer_name, expired.consumer_cpf, expired.consumer_email) == ("", "", "")
    assert expired.form_data == {}
    assert expired.access_code_hash == ""
    assert not Attachment.objects.filter(submission=expired).exists()
    assert not expired.emails.exists()
    assert not Draft.objects.filter(submission=expired).exists()
    events = CaseEvent.objects.filter(case__submission=expired)
    assert events.exists() and not events.exclude(body="", reason="").exists()
    # What statistics need stays: protocol, status, dates, supplier, municipality.
    assert expired.status == "closed" and expired.supplier_name == "Loja Exemplo"
    assert expired.consumer_municipality == "5103403"
    assert Anonymisation.objects.get(submission=expired).reason == "retention"
    entry = ModelLogEntry.objects.get(action="procon.retention_anonymise")
    assert entry.object_id == str(expired.pk) and entry.user is None
    assert entry.label == expired.protocol and entry.content_type.model == "casedata"
    assert entry.data == {"detail": f"{settings.RETENTION_DAYS} days"}

    # The open case and the recently closed one are untouched, files included.
    for key, name in (("open", "Ana Aberta"), ("recent", "Rita Recente")):
        submission = Submission.objects.get(pk=cases[key].pk)
        assert submission.consumer_name == name
        assert submission.attachments.count() == 1
        assert name in database
    assert b"aberta" in stored_bytes(private_root) and b"recente" in stored_bytes(private_root)


def test_a_forwarded_and_lettered_case_keeps_no_personal_data(
    settings, cases, django_capture_on_commit_callbacks
):
    """The supplier side (forwarding, letter, the supplier's answer) holds
    nothing personal once the case is anonymised."""
    from supplier_enrolment.letters import render_pdf
    from supplier_enrolment.models import Letter

    from .test_suppliers import forwarded_with_letter

    settings.RETENTION_DAYS = 5 * 365
    with time_machine.travel(CLOSED_AT, tick=False):
        letter = forwarded_with_letter(cases["expired"])
    with django_capture_on_commit_callbacks(execute=True):
        assert "anonymised 1 case(s)" in run(CLOSED_AT + dt.timedelta(days=5 * 365 + 1))
    database = dump_database()
    for marker in [*EXPIRED_MARKERS, "Joana Fornecida"]:
        assert marker not in database, marker
    assert Letter.objects.filter(pk=letter.pk).exists()
    render_pdf([Letter.objects.get(pk=letter.pk)])  # still prints


def test_the_clock_runs_from_the_last_activity(settings, cases, person_case):
    settings.RETENTION_DAYS = 5 * 365
    expired = cases["expired"]
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=3 * 365), tick=False):
        CaseEvent.objects.create(case=expired.case, kind="note", body="Reaberto para consulta")
    assert "anonymised 0 case(s)" in run(CLOSED_AT + dt.timedelta(days=5 * 365 + 1))
    assert "anonymised 1 case(s)" in run(CLOSED_AT + dt.timedelta(days=8 * 365 + 1))


def test_running_twice_is_harmless(settings, cases):
    after = CLOSED_AT + dt.timedelta(days=5 * 365 + 1)
    run(after)
    assert "anonymised 0 case(s)" in run(after)
    assert Anonymisation.objects.count() == 1


def test_the_period_is_a_setting(settings, cases):
    settings.RETENTION_DAYS = 30
    assert "anonymised 2 case(s)" in run(CLOSED_AT + dt.timedelta(days=4 * 365 + 31))


def test_old_continue_later_emails_are_deleted(settings, db):
    settings.FORMS_DRAFT_LIFETIME_DAYS = 7
    with time_machine.travel(CLOSED_AT, tick=False):
        old = OutboundEmail.objects.create(
            kind="resume", to="joana@example.com", subject="Continue", status="sent"
        )
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=7), tick=False):
        recent = OutboundEmail.objects.create(
            kind="resume", to="rita@example.com", subject="Continue", status="sent"
        )
    run(CLOSED_AT + dt.timedelta(days=9))
    assert not OutboundEmail.objects.filter(pk=old.pk).exists()
    assert OutboundEmail.objects.filter(pk=recent.pk).exists()
