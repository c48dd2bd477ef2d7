"""Emails to staff about what an outside party did on a case. Through the
durable outbox (`core.outbox`): stored with the event, delivered with retries.
They carry the protocol and a link, never the personal data."""

from django.urls import reverse

from core import outbox
from home.links import absolute_url

from . import permissions

STAFF_UPDATE = "case_staff_update"


def staff_recipients(case):
    """The assignee; nobody assigned: every active supervisor with an address."""
    if case.assignee_id and case.assignee.is_active and case.assignee.email:
        return [case.assignee.email]
    supervisors = permissions.policy.users_with_any_permission(["supervise"])
    return sorted({user.email for user in supervisors if user.email})


def queue_staff_update(case, event):
    recipients = staff_recipients(case)
    if not recipients:
        return []
    context = {
        "case": case,
        "event": event,
        "submission": case.submission,
        "case_url": absolute_url(reverse("inbox:case", args=[case.pk])),
    }
    subject, body = outbox.render("inbox/email/staff_update", context)
    return [
        outbox.queue(STAFF_UPDATE, address, subject, body, case.submission)
        for address in recipients
    ]
