"""Reminding citizens who saved a form for later that it is about to expire.

Only drafts whose owner gave an e-mail address for "save and continue later"
are reminded, once each, a few days before they expire.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from core import outbox

DRAFT_REMINDER = "draft_reminder"


def days_before():
    return int(getattr(settings, "FORMS_DRAFT_REMINDER_DAYS_BEFORE", 2))


def due(now, days):
    """Unsent drafts with an address, not reminded yet, expiring within `days` days."""
    from .models import Draft

    return (
        Draft.objects.filter(
            submission__isnull=True,
            reminder_sent_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + timedelta(days=days),
        )
        .exclude(email="")
        .select_related("page")
        .order_by("expires_at", "pk")
    )


def send_draft_reminders(now=None, days=None):
    """Queue one reminder e-mail per draft; returns how many were queued.

    Idempotent: the draft is marked reminded in the same transaction as its
    e-mail is written, and only if no other run marked it first.
    """
    from .models import Draft

    now = now or timezone.now()
    days = days_before() if days is None else days
    sent = 0
    for draft in due(now, days):
        page = draft.page.specific
        with transaction.atomic():
            claimed = Draft.objects.filter(
                pk=draft.pk, reminder_sent_at__isnull=True, submission__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue  # another run reminded it, or it was sent, a moment ago
            language = page.locale.language_code  # the language of the form they filled
            with translation.override(language):
                subject, body = outbox.render(
                    "forms/email/draft_reminder",
                    {"page": page, "link": page.resume_link(draft), "expires_at": draft.expires_at},
                    language=language,
                )
            outbox.queue(DRAFT_REMINDER, draft.email, subject, body)
        sent += 1
    return sent
