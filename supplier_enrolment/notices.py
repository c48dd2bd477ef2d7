"""Telling the supplier: the area and email for enrolled suppliers, a letter by
post for the others; and the supplier's deadline when the letter arrives.

Registered with the inbox's hooks in `apps.py`; the inbox never imports this.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from forms import outbox
from forms.brazil import clean_cnpj
from home.links import absolute_url
from inbox.models import Case, DeadlineKind, WorkflowSettings

from .models import ForwardedCase, Letter, Representative, Supplier

CASE_NOTICE_EMAIL = "supplier_case_notice"
CASE_UPDATE_EMAIL = "supplier_case_update"


def supplier_for(submission):
    """The registered supplier a complaint names: by CNPJ; failing that, the one
    supplier whose name matches exactly. A valid-looking CNPJ not yet in the
    registry is added to it (the registry holds every company named in a
    complaint), so its letter and later enrolment find the same row."""
    try:
        cnpj = clean_cnpj(submission.supplier_cnpj) if submission.supplier_cnpj else ""
    except ValidationError:
        cnpj = ""
    if cnpj:
        supplier = Supplier.objects.filter(cnpj=cnpj).first()
        if supplier is None:
            supplier = Supplier(cnpj=cnpj, legal_name=submission.supplier_name or cnpj)
            supplier.save()
        return supplier
    if submission.supplier_name:
        matches = list(Supplier.objects.named_exactly(submission.supplier_name)[:2])
        if len(matches) == 1:
            return matches[0]
    return None


def case_url(case):
    return absolute_url(reverse("supplier_area:case", args=[case.pk]))


def _email_representatives(case, supplier, kind, template):
    recipients = sorted(
        set(
            Representative.objects.active()
            .filter(supplier=supplier)
            .values_list("email", flat=True)
        )
    )
    context = {"case": case, "supplier": supplier, "case_url": case_url(case)}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"supplier_enrolment/email/{template}_subject.txt", context)
        body = render_to_string(f"supplier_enrolment/email/{template}.txt", context)
    subject = " ".join(subject.split())
    return [outbox.queue(kind, address, subject, body, case.submission) for address in recipients]


def notify_forwarded(case):
    """Record which supplier the complaint went to and tell it: email to the
    representatives of an enrolled supplier, otherwise a letter in the print
    queue (and the answer deadline waits for the delivery date)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("submission").get(pk=case.pk)
        supplier = supplier_for(case.submission)
        online = bool(
            supplier
            and supplier.enrolled
            and Representative.objects.active().filter(supplier=supplier).exists()
        )
        ForwardedCase.objects.update_or_create(
            case=case,
            defaults={"supplier": supplier, "by_post": not online, "forwarded_at": timezone.now()},
        )
        if online:
            _email_representatives(case, supplier, CASE_NOTICE_EMAIL, "case_notice")
            return None
        letter = Letter.objects.create(
            case=case,
            supplier=supplier,
            addressee=(supplier.legal_name if supplier else case.submission.supplier_name)[:255]
            or "-",
            addressee_cnpj=supplier.cnpj if supplier else "",
            address=supplier.address if supplier else "",
        )
        hold_deadline_until_delivery(case)
        return letter


def hold_deadline_until_delivery(case):
    """A supplier notified by post has no deadline until the letter arrives: the
    case keeps its deadline kind, without a date the deadline command acts on."""
    Case.objects.filter(pk=case.pk, deadline_kind=DeadlineKind.SUPPLIER_ANSWER).update(
        deadline=None
    )


def start_supplier_deadline_from_delivery(letter, delivered_on):
    """Record the letter's delivery and start the supplier's answer deadline from
    it: Case.deadline = delivered_on + WorkflowSettings.supplier_answer_days.
    Only while the case still waits for the answer (a later letter for a case
    already answered changes no deadline)."""
    from inbox.statuses import Status

    with transaction.atomic():
        letter.delivered_on = delivered_on
        letter.status = Letter.Status.DELIVERED
        letter.save(update_fields=["delivered_on", "status"])
        case = Case.objects.select_for_update().select_related("submission").get(pk=letter.case_id)
        if case.submission.status != Status.NOTIFIED_SUPPLIER:
            return None
        days = WorkflowSettings.load().supplier_answer_days
        case.deadline = delivered_on + timezone.timedelta(days=days)
        case.deadline_kind = DeadlineKind.SUPPLIER_ANSWER
        case.save(update_fields=["deadline", "deadline_kind", "updated_at"])
        return case.deadline


def mark_posted(letter, tracking_code):
    letter.tracking_code = tracking_code.strip().upper()
    letter.status = Letter.Status.POSTED
    letter.posted_at = timezone.now()
    letter.save(update_fields=["tracking_code", "status", "posted_at"])


def on_forwarded(sender, case, event, **kwargs):
    """Receiver of `inbox.signals.case_forwarded_to_supplier` (after commit)."""
    notify_forwarded(case)


def on_supplier_update(case, event):
    """Effect "supplier_update": tell an enrolled supplier's representatives the
    case has news (no content in the email: they read it in the area)."""
    forwarding = ForwardedCase.objects.filter(case=case).select_related("supplier").first()
    if forwarding is None or forwarding.supplier is None or forwarding.by_post:
        return []
    return _email_representatives(case, forwarding.supplier, CASE_UPDATE_EMAIL, "case_update")
