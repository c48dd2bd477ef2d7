"""Background work of the outbox (django-tasks).

Every email goes through `core.outbox`: a row first, then `deliver_email`,
which retries with backoff and leaves failures visible to staff.
"""

from django_tasks import task

from . import outbox


@task()
def deliver_email(email_id: int):
    """Send one OutboundEmail (see core.outbox.deliver for retries)."""
    return outbox.deliver(email_id)
