"""Reminding citizens to evaluate before the evaluation deadline ends."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import outbox
from forms.emails import tracking_url
from inbox.models import Case, DeadlineKind
from inbox.statuses import Status

from .models import EvaluationReminder

EVALUATION_REMINDER = "evaluation_reminder"


def days_before():
    return int(getattr(settings, "TRACKING_REMINDER_DAYS_BEFORE", 3))


def due(today, days):
    """Cases awaiting the citizen's evaluation whose deadline is within `days` days
    (today included), with an address, not yet reminded for that deadline."""
    return (
        Case.objects.filter(
            submission__status=Status.AWAITING_EVALUATION,
            deadline_kind=DeadlineKind.CONSUMER_EVALUATION,
            deadline__gte=today,
            deadline__lte=today + timezone.timedelta(days=days),
        )
        .exclude(submission__consumer_email="")
        .select_related("submission")
        .order_by("deadline", "pk")
    )


def send_evaluation_reminders(today=None, days=None):
    """Queue one reminder e-mail per case and deadline; returns how many were queued.
    Idempotent: a reminder is recorded in the same transaction as its e-mail."""
    today = today or timezone.localdate()
    days = days_before() if days is None else days
    sent = 0
    for case in due(today, days).exclude(
        pk__in=EvaluationReminder.objects.filter(deadline__gte=today).values("case")
    ):
        submission = case.submission
        context = {
            "submission": submission,
            "deadline": case.deadline,
            "days_left": case.days_left(today),
            "case_url": tracking_url(submission.protocol),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("tracking/email/evaluation_reminder_subject.txt", context)
            body = render_to_string("tracking/email/evaluation_reminder.txt", context)
        try:
            with transaction.atomic():
                EvaluationReminder.objects.create(case=case, deadline=case.deadline)
                outbox.queue(
                    EVALUATION_REMINDER,
                    submission.consumer_email,
                    " ".join(subject.split()),
                    body,
                    submission,
                )
        except IntegrityError:  # another run reminded it a moment ago
            continue
        sent += 1
    return sent
