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
