"""Emails to the citizen: status changes and staff messages (never internal notes)."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from forms.outbox import tracking_url

logger = logging.getLogger(__name__)


@task()
def send_case_email(event_id: int):
    """Email the citizen what a citizen-visible event says (status, reason or message)."""
    from .models import CaseEvent, Visibility

    event = CaseEvent.objects.select_related("case__submission").get(pk=event_id)
    submission = event.case.submission
    if event.visibility != Visibility.CITIZEN or not submission.consumer_email:
        return "not sent"
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "event": event,
            "submission": submission,
            "tracking_url": tracking_url(submission.protocol),
        }
        subject = render_to_string("inbox/email/update_subject.txt", context).strip()
        body = render_to_string("inbox/email/update.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[submission.consumer_email],
    ).send()
    logger.info("case update sent for submission %s", submission.pk)
    return "sent"


@task()
def find_possible_duplicates(submission_id: int):
    """Look for the new submission's possible duplicates (`inbox.duplicates`)."""
    from forms.models import Submission

    from .duplicates import record

    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return 0
    return record(submission)
