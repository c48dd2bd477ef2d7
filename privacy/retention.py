"""Retention: closed cases are anonymised once the retention period has passed.

A case counts from its last activity (its latest event, or the submission when
it has none), so a case reopened or worked after closing keeps its data until
the period has passed again. Only cases in a final status (inbox.statuses.FINAL)
are touched.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from core.models import OutboundEmail
from forms.models import Submission
from inbox import audit
from inbox.statuses import FINAL

from .models import Anonymisation
from .subjects import anonymise

RETENTION_ACTION = "procon.retention_anonymise"  # in the access log


def cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)


def expired(now=None):
    """Closed submissions whose last activity is older than the retention period."""
    limit = cutoff(now)
    return (
        Submission.objects.filter(status__in=FINAL, anonymisation__isnull=True)
        .annotate(last_activity=Max("case__events__created_at"))
        .filter(Q(last_activity__lt=limit) | Q(last_activity__isnull=True, submit_time__lt=limit))
        .order_by("pk")
    )


def forget_old_links(now=None):
    """Delete the e-mails not tied to a submission (continue-later links) once the
    draft they pointed to has expired: the address has no use after that."""
    limit = (now or timezone.now()) - timedelta(days=settings.FORMS_DRAFT_LIFETIME_DAYS + 1)
    old = OutboundEmail.objects.filter(object_id__isnull=True, created_at__lt=limit).exclude(
        status=OutboundEmail.Status.PENDING
    )
    return old.delete()[0]


def apply(now=None):
    """Anonymise every expired submission; returns their protocols."""
    forget_old_links(now)
    done = []
    for submission in expired(now):
        if anonymise(submission, reason=Anonymisation.Reason.RETENTION):
            done.append(submission.protocol)
            audit.record(RETENTION_ACTION, submission, detail=f"{settings.RETENTION_DAYS} days")
    return done
