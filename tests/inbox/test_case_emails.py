"""E-mails to the citizen about their case go through the e-mail outbox: written
with the event, retried when the mail server fails, listed when they fail for good."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from core.models import OutboundEmail
from core.outbox import deliver_due
from inbox.cases import send_message
from inbox.tasks import CASE_UPDATE
from inbox.workflow import apply

pytestmark = pytest.mark.django_db


class DownBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_message_survives_a_mail_server_that_is_down(
    make_submission, supervisor, settings, django_capture_on_commit_callbacks
):
    case = make_submission().case
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"

    with django_capture_on_commit_callbacks(execute=True):
        send_message(case, supervisor, "Recebemos seus documentos.")

    email = OutboundEmail.objects.get(kind=CASE_UPDATE)
    assert email.to == case.submission.consumer_email
    assert email.status == OutboundEmail.Status.PENDING
    assert email.attempts == 1 and "ConnectionRefusedError" in email.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(1))
    deliver_due()

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT and email.body == ""
    [sent] = mail.outbox
    assert "Recebemos seus documentos." in sent.body
    assert case.submission.protocol in sent.subject + sent.body


def test_a_status_change_is_put_in_the_outbox(
    make_submission, supervisor, django_capture_on_commit_callbacks
):
    case = make_submission().case
    mail.outbox.clear()  # the receipt
    with django_capture_on_commit_callbacks(execute=True):
        apply(case, "accept", supervisor)
    email = OutboundEmail.objects.get(kind=CASE_UPDATE)
    assert email.about == case.submission
    assert email.status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_internal_notes_send_nothing(make_submission, supervisor):
    from inbox.cases import add_note

    add_note(make_submission().case, supervisor, "Conferir a nota fiscal.")
    assert not OutboundEmail.objects.filter(kind=CASE_UPDATE).exists()
    assert mail.outbox == []
