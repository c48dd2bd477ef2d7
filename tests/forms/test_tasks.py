"""Emails as tasks with retries: nothing lost when a send fails, failures visible."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from core import outbox
from core.models import OutboundEmail
from forms.models import Submission

from .conftest import fill

pytestmark = pytest.mark.django_db
STEP1 = {"nome": "Maria", "cpf": "52998224725", "email_contato": "maria@example.com"}
STEP2 = {"procurou": "Não", "data_compra": "2026-01-15"}


class FlakyBackend(EmailBackend):
    """Fails the first `failures` sends (like a worker killed or SMTP down), then works."""

    failures = 1

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionResetError("connection lost mid-send")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 1
    return FlakyBackend


def submit(client, page, capture):
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2)
    with capture(execute=True):
        client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    return Submission.objects.get()


def test_receipt_that_fails_mid_send_is_retried_and_delivered(
    client, three_step_form, flaky, django_capture_on_commit_callbacks
):
    submission = submit(client, three_step_form, django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get()
    # Written with the submission; the first attempt failed and is on record.
    assert (email.kind, email.to, email.about) == ("receipt", "maria@example.com", submission)
    assert email.status == "pending" and email.attempts == 1
    assert "connection lost mid-send" in email.last_error
    assert mail.outbox == []

    # Not before its backoff...
    call_command("send_pending_emails", stdout=io.StringIO())
    assert mail.outbox == []
    # ...then the sweep (or the deferred task on a database queue) delivers it.
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        out = io.StringIO()
        call_command("send_pending_emails", stdout=out)
    assert "sent: 1" in out.getvalue()
    assert len(mail.outbox) == 1 and submission.protocol in mail.outbox[0].subject
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 2 and email.sent_at
    assert email.body == ""  # the access code is not kept once delivered


def test_a_worker_killed_after_taking_an_email_leaves_it_due_again(
    client, three_step_form, settings, django_capture_on_commit_callbacks
):
    fill(client, three_step_form, 1, STEP1)
    fill(client, three_step_form, 2, STEP2)
    # The queue is down at submit time: the email row is still written.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"{three_step_form.url}revisar/", {"declaration_confirmed": "on"})
    email = OutboundEmail.objects.get()
    # A worker takes the lease and dies before sending.
    assert outbox._take_lease(email.pk) is not None
    assert outbox.deliver(email.pk) == "skipped"  # leased: nobody else sends it meanwhile
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("send_pending_emails", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.get().status == "sent"


def test_an_email_that_keeps_failing_is_marked_failed_and_can_be_sent_again(
    client, three_step_form, flaky, settings, django_capture_on_commit_callbacks
):
    settings.FORMS_EMAIL_MAX_ATTEMPTS = 3
    flaky.failures = 3
    submit(client, three_step_form, django_capture_on_commit_callbacks)
    for minutes in (2, 5):
        with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
            call_command("send_pending_emails", stdout=io.StringIO())
    email = OutboundEmail.objects.get()
    assert email.status == "failed" and email.attempts == 3 and email.body
    # Staff send it again from the failure report.
    with django_capture_on_commit_callbacks(execute=True):
        outbox.retry(email)
    email.refresh_from_db()
    assert email.status == "sent" and len(mail.outbox) == 1


def test_backoff_grows_and_is_capped():
    assert [outbox.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert outbox.backoff(20) == timedelta(hours=1)


def test_staff_are_notified_of_new_submissions_without_the_answers(
    client, three_step_form, settings, django_capture_on_commit_callbacks
):
    settings.FORMS_STAFF_NOTIFICATION_EMAILS = ["triagem@procon.example"]
    submission = submit(client, three_step_form, django_capture_on_commit_callbacks)
    notice = next(m for m in mail.outbox if m.to == ["triagem@procon.example"])
    assert submission.protocol in notice.subject
    assert "Maria" not in notice.body and "529.982.247-25" not in notice.body


def test_resume_link_email_goes_through_the_outbox(
    client, three_step_form, flaky, django_capture_on_commit_callbacks
):
    fill(client, three_step_form, 1, STEP1)
    with django_capture_on_commit_callbacks(execute=True):  # first attempt fails
        client.post(f"{three_step_form.url}salvar/", {"email": "maria@example.com"})
    email = OutboundEmail.objects.get(kind="resume_link")
    assert email.status == "pending" and mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("send_pending_emails", stdout=io.StringIO())
    assert len(mail.outbox) == 1 and "continuar" in mail.outbox[0].body


def test_failed_emails_report_lists_them_for_staff_and_retries(
    admin_client, client, three_step_form, flaky, settings, django_capture_on_commit_callbacks
):
    settings.FORMS_EMAIL_MAX_ATTEMPTS = 1
    submission = submit(client, three_step_form, django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get()
    assert email.status == "failed"
    html = admin_client.get("/admin/reports/emails-com-falha/").content.decode()
    assert "Envios de e-mail com falha" in html
    assert submission.protocol in html and "connection lost mid-send" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/reports/emails-com-falha/{email.pk}/reenviar/")
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == "sent" and len(mail.outbox) == 1


def test_failed_emails_report_is_a_wagtail_report_with_filters(admin_client):
    def email(to, status, kind, attempts=3):
        return OutboundEmail.objects.create(
            kind=kind, to=to, subject="s", status=status, attempts=attempts, last_error="boom"
        )

    email("falhou@example.com", "failed", "receipt")
    email("pendente@example.com", "pending", "resume_link", attempts=1)
    email("naotentado@example.com", "pending", "receipt", attempts=0)  # not tried yet
    email("enviado@example.com", "sent", "receipt", attempts=1)

    def listed(path="/admin/reports/emails-com-falha/", **params):
        response = admin_client.get(path, params)
        assert response.status_code == 200
        html = response.content.decode()
        shown = [to for to in ("falhou", "pendente", "naotentado", "enviado") if f"{to}@" in html]
        return shown, response

    shown, response = listed()
    assert shown == ["falhou", "pendente"]
    assert "wagtailadmin/tables/table.html" in [t.name for t in response.templates]
    assert response.content.decode().count("/reenviar/") == 2  # "send again" on each row
    assert listed(status="pending")[0] == ["pendente"]
    assert listed(kind="receipt")[0] == ["falhou"]
    assert listed("/admin/reports/emails-com-falha/resultados/", status="failed")[0] == ["falhou"]
    html = listed(ordering="-status")[1].content.decode()
    assert html.index("pendente@") < html.index("falhou@")


def test_failed_emails_report_needs_permission(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get("/admin/reports/emails-com-falha/")
    assert response.status_code in (302, 403)
