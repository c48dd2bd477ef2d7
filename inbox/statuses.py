"""The workflow statuses: stable machine values, pt-BR labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("received (awaiting triage)")
    IN_ANALYSIS = "in_analysis", _("in analysis")
    REJECTED = "rejected", _("rejected")
    AWAITING_COMPLEMENT = "awaiting_complement", _("awaiting complement")
    SPAM = "spam", _("spam")
    DUPLICATE = "duplicate", _("duplicate")
    NOTIFIED_SUPPLIER = "notified_supplier", _("notified to the supplier")
    SUPPLIER_ANSWERED = "supplier_answered", _("answered by the supplier")
    SUPPLIER_REFUSED = "supplier_refused", _("refused by the supplier")
    DEADLINE_EXPIRED = "deadline_expired", _("deadline expired")
    AWAITING_EVALUATION = "awaiting_evaluation", _("awaiting the consumer's evaluation")
    RESOLVED = "resolved", _("resolved")
    NOT_RESOLVED = "not_resolved", _("not resolved")
    HEARING_SCHEDULED = "hearing_scheduled", _("conciliation hearing scheduled")
    AGREEMENT = "agreement", _("agreement awaiting fulfilment")
    CONCILIATION_FAILED = "conciliation_failed", _("conciliation without agreement")
    AGREEMENT_BROKEN = "agreement_broken", _("agreement not kept")
    ADMINISTRATIVE_PROCESS = "administrative_process", _("administrative process")
    DECIDED = "decided", _("decided (open to appeal)")
    APPEALED = "appealed", _("under appeal")
    WITHDRAWN = "withdrawn", _("withdrawn by the consumer")
    ANSWERED = "answered", _("answered")
    APPROVED = "approved", _("approved")
    PENDING = "pending", _("pending")
    REFUSED = "refused", _("refused")
    CLOSED = "closed", _("closed")


def status_label(value):
    try:
        return Status(value).label
    except ValueError:
        return value


# Statuses a case never leaves by itself: no deadline, nothing awaited.
FINAL = {
    Status.REJECTED,
    Status.SPAM,
    Status.DUPLICATE,
    Status.APPROVED,
    Status.REFUSED,
    Status.CLOSED,
    Status.WITHDRAWN,
}
