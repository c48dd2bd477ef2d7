"""Background work of the forms app (django-tasks).

Every email goes through `forms.outbox`: a row first, then `deliver_email`,
which retries with backoff and leaves failures visible to staff.
"""

from django_tasks import task

from . import outbox


@task()
def deliver_email(email_id: int):
    """Send one OutboundEmail (see forms.outbox.deliver for retries)."""
    return outbox.deliver(email_id)


@task()
def send_receipt(submission_id: int):
    """Queue the sender's receipt again (e.g. to resend it); submit() queues the
    first one itself, inside its transaction."""
    from .models import Submission

    submission = Submission.objects.select_related("page").get(pk=submission_id)
    draft = getattr(submission, "draft", None)
    email = outbox.queue_receipt(submission, draft.access_code if draft else "")
    return "queued" if email else "no email"


@task()
def send_resume_link(page_id: int, email: str, link: str, expires_at: str):
    """Email a link to continue a draft later (the link only; no answers)."""
    from django.utils.dateparse import parse_datetime
    from wagtail.models import Page

    page = Page.objects.get(pk=page_id).specific
    subject, body = outbox.render(
        "resume", {"page": page, "link": link, "expires_at": parse_datetime(expires_at)}
    )
    # Already in a task: the first attempt happens here, retries as for any email.
    outbound = outbox.queue(outbox.RESUME_LINK, email, subject, body, enqueue_delivery=False)
    return outbox.deliver(outbound.pk)
