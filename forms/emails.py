"""The form builder's e-mails: the sender's receipt, the staff's notice of a new
submission, the continue-later link; written to the outbox (`core.outbox`)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core import outbox
from home.links import absolute_url, localized_path

RECEIPT = "receipt"
RESUME_LINK = "resume_link"
STAFF_NOTIFICATION = "staff_notification"


def tracking_url(protocol=None):
    """Absolute address of the citizen's tracking page, or "" while there is none.

    With `protocol`: the page of that case (`caso/<protocol>/` under the tracking
    page). It never carries the access code: whoever opens it still proves the
    code, or an e-mailed link, before seeing anything. In the active language.
    """
    if not settings.TRACKING_PATH:
        return ""
    url = absolute_url(localized_path(settings.TRACKING_PATH))
    if protocol:
        url = f"{url.rstrip('/')}/caso/{protocol}/"
    return url


def queue_receipt(submission, access_code, agency=None):
    """The sender's receipt: protocol, access code and what happens next; never the answers.

    `agency`: the AgencySettings of the form page's site, when the caller has
    them (the submit has them from its request); read from the page otherwise.
    """
    if not submission.consumer_email:
        return None
    page = submission.page.specific
    if agency is None:
        from home.models import AgencySettings

        site = page.get_site()
        agency = AgencySettings.for_site(site) if site else None
    with translation.override(submission.reply_language):
        # The form's texts (next steps, expected time) in the citizen's language.
        page = page.localized
        subject, body = outbox.render(
            "forms/email/receipt",
            {
                "submission": submission,
                "page": page,
                "access_code": access_code,
                "agency": agency,
                "tracking_url": tracking_url(submission.protocol),
            },
            language=submission.reply_language,
        )
    return outbox.queue(RECEIPT, submission.consumer_email, subject, body, submission)


def queue_staff_notifications(submission):
    """Tell the form's recipients (FormPage.notification_recipients: its own
    addresses and groups, else FORMS_STAFF_NOTIFICATION_EMAILS) of a new
    submission (protocol and kind only; the answers stay behind the staff login)."""
    recipients = submission.page.specific.notification_recipients()
    if not recipients:
        return []
    subject, body = outbox.render(
        "forms/email/staff_notification",
        {
            "submission": submission,
            "page": submission.page,
            "admin_url": absolute_url(reverse("wagtailforms:index")),
        },
    )
    return [
        outbox.queue(STAFF_NOTIFICATION, address, subject, body, submission)
        for address in recipients
    ]
