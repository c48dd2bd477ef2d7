"""Emails to the citizen: status changes and staff messages (never internal notes)."""

import logging

from django.utils import translation
from django_tasks import task

from forms.emails import tracking_url

logger = logging.getLogger(__name__)


CASE_UPDATE = "case_update"


def queue_case_email(event):
    """Put in the e-mail outbox what a citizen-visible event says (status, reason
    or message): the row is written in the caller's transaction (with the event,
    where there is one) and delivered with the outbox's retries, so a mail server
    or task queue that is down loses nothing. Returns the OutboundEmail or None."""
    from core.outbox import queue, render

    from .models import Visibility

    submission = event.case.submission
    if event.visibility != Visibility.CITIZEN or not submission.consumer_email:
        return None
    # In the language the citizen filed in.
    with translation.override(submission.reply_language):
        subject, body = render(
            "inbox/email/update",
            {
                "event": event,
                "submission": submission,
                "tracking_url": tracking_url(submission.protocol),
            },
            language=submission.reply_language,
        )
    email = queue(CASE_UPDATE, submission.consumer_email, subject, body, submission)
    logger.info("case update queued for submission %s", submission.pk)
    return email


@task()
def send_case_email(event_id: int):
    """Kept for tasks enqueued before case e-mails went through the outbox."""
    from .models import CaseEvent

    event = CaseEvent.objects.select_related("case__submission").get(pk=event_id)
    return "queued" if queue_case_email(event) else "not sent"


@task()
def find_possible_duplicates(submission_id: int):
    """Look for the new submission's possible duplicates (`inbox.duplicates`)."""
    from forms.models import Submission

    from .duplicates import record

    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return 0
    return record(submission)
