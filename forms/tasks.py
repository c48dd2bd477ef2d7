"""Background work of the forms app."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_receipt(submission_id: int):
    """Email the protocol and what happens next (never the answers) to the sender."""
    from .models import Submission

    submission = Submission.objects.select_related("page").get(pk=submission_id)
    if not submission.consumer_email:
        return "no email"
    draft = getattr(submission, "draft", None)
    page = submission.page.specific
    site = page.get_site()
    with translation.override(settings.LANGUAGE_CODE):
        from home.models import AgencySettings

        context = {
            "submission": submission,
            "page": page,
            "access_code": draft.access_code if draft else "",
            "agency": AgencySettings.for_site(site) if site else None,
            "tracking_url": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/acompanhar/",
        }
        subject = render_to_string("forms/email/receipt_subject.txt", context).strip()
        body = render_to_string("forms/email/receipt.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[submission.consumer_email],
    )
    message.send()
    logger.info("receipt sent for submission %s", submission.pk)
    return "sent"


@task()
def send_resume_link(page_id: int, email: str, link: str, expires_at: str):
    """Email a link to continue a draft later (the link only; no answers)."""
    from django.utils.dateparse import parse_datetime
    from wagtail.models import Page

    page = Page.objects.get(pk=page_id).specific
    with translation.override(settings.LANGUAGE_CODE):
        context = {"page": page, "link": link, "expires_at": parse_datetime(expires_at)}
        subject = render_to_string("forms/email/resume_subject.txt", context).strip()
        body = render_to_string("forms/email/resume.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    ).send()
    return "sent"
