"""Emails the site owes: written to the database first, delivered by tasks.

`queue()` stores an OutboundEmail (inside the caller's transaction, so a
receipt exists exactly when its submission does) and, once committed, enqueues
the `deliver_email` task. `deliver()` takes a lease (pushes the next attempt
ahead) before sending, so a worker killed mid-send leaves the email due again
later; a failure records the error and schedules a retry with exponential
backoff; after FORMS_EMAIL_MAX_ATTEMPTS the email is marked failed and shown
to staff, who can send it again. `manage.py send_pending_emails` (cron, every
few minutes) delivers whatever is due, whatever the task backend.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

logger = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after the attempt number `attempts`, at most an hour."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def render(template, context, language=None):
    """(subject, body) from `<template>_subject.txt` and `<template>.txt` (e.g.
    "forms/email/receipt"), in `language`: the citizen's for what they receive,
    else the site's."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return " ".join(subject.split()), body


def queue(kind, to, subject, body, about=None, *, enqueue_delivery=True):
    """Store an email to send; its delivery is enqueued once the transaction commits.
    `about`: what it concerns (a submission), erased with it."""
    email = OutboundEmail.objects.create(
        kind=kind, to=to, subject=subject[:255], body=body, about=about
    )
    if enqueue_delivery:
        transaction.on_commit(lambda: enqueue(email.pk))
    return email


def enqueue(email_id, task=None, run_after=None):
    """Hand an email to the task queue. A queue that is down loses nothing: the
    row stays pending and `send_pending_emails` finds it."""
    if task is None:
        from .tasks import deliver_email as task
    try:
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # left for send_pending_emails
            task = task.using(run_after=run_after)
        task.enqueue(email_id)
    except Exception:
        logger.exception("could not enqueue email %s; send_pending_emails will", email_id)


def _take_lease(email_id, force=False):
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        now = timezone.now()
        if email is None or email.status != OutboundEmail.Status.PENDING:
            return None
        if not force and email.next_attempt_at > now:
            return None  # another worker holds it, or its retry is not due yet
        email.attempts += 1
        email.next_attempt_at = now + backoff(email.attempts)
        email.save(update_fields=["attempts", "next_attempt_at"])
        return email


def deliver(email_id, force=False) -> str:
    """Try to send one pending email; returns what happened ("sent", "retry",
    "failed", "skipped")."""
    email = _take_lease(email_id, force=force)
    if email is None:
        return "skipped"
    try:
        EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        ).send()
    except Exception as error:
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= settings.FORMS_EMAIL_MAX_ATTEMPTS:
            email.status = OutboundEmail.Status.FAILED
            # The error text can name the recipient: it stays in the row staff see,
            # and the log gets only its type.
            logger.error(
                "email %s (%s) failed for good: %s", email.pk, email.kind, type(error).__name__
            )
        else:
            logger.warning(
                "email %s (%s) failed, will retry: %s", email.pk, email.kind, type(error).__name__
            )
        email.save(update_fields=["last_error", "status"])
        if email.status == OutboundEmail.Status.PENDING:
            enqueue(email.pk, run_after=email.next_attempt_at)
            return "retry"
        return "failed"
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.body = ""  # a receipt carries the access code: keep it no longer than needed
    email.save(update_fields=["status", "sent_at", "body"])
    return "sent"


def deliver_due(limit=500) -> dict:
    """Deliver every pending email whose next attempt is due (the cron sweep)."""
    counts = {}
    due = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:limit]
    for email_id in list(due):
        outcome = deliver(email_id)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def retry(email):
    """Staff's "send again" on a failed email: a fresh round of attempts."""
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: enqueue(email.pk))
