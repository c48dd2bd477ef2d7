"""Telling the supplier: the area and email for enrolled suppliers, a letter by
post for the others; and the supplier's deadline when the letter arrives.

Registered with the inbox's hooks in `apps.py`; the inbox never imports this.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox
from core.brazil import clean_cnpj
from forms.models import Submission
from home.links import absolute_url
from inbox import workflow
from inbox.models import Case

from .models import ForwardedCase, Letter, Representative, Supplier

CASE_NOTICE_EMAIL = "supplier_case_notice"
CASE_UPDATE_EMAIL = "supplier_case_update"
CASE_RELEASED_EMAIL = "supplier_case_released"
HEARING_EMAIL = "supplier_hearing_notice"


def no_address_message():
    return _("This letter has no address: fill it in before printing or posting it.")


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


def _email_representatives(case, supplier, kind, template, extra=None):
    recipients = sorted(
        set(
            Representative.objects.active()
            .filter(supplier=supplier)
            .values_list("email", flat=True)
        )
    )
    context = {"case": case, "supplier": supplier, "case_url": case_url(case), **(extra or {})}
    subject, body = outbox.render(f"supplier_enrolment/email/{template}", context)
    return [outbox.queue(kind, address, subject, body, case.submission) for address in recipients]


def notify_forwarded(case):
    """Record which supplier the complaint went to and tell it: email to the
    representatives of an enrolled supplier, otherwise a letter in the print
    queue (and the answer deadline waits for the delivery date). Used for the
    first forward and for a case redirected to the right supplier alike."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("submission").get(pk=case.pk)
        supplier = supplier_for(case.submission)
        if supplier and not case.submission.supplier_name:
            # Staff redirected the case by CNPJ alone: name it as the registry does.
            case.submission.supplier_name = supplier.legal_name
            Submission.objects.filter(pk=case.pk).update(supplier_name=supplier.legal_name)
        represented = bool(
            supplier and Representative.objects.active().filter(supplier=supplier).exists()
        )
        online = bool(supplier and supplier.enrolled and represented)
        ForwardedCase.objects.update_or_create(
            case=case,
            defaults={"supplier": supplier, "by_post": not online, "forwarded_at": timezone.now()},
        )
        if online:
            _email_representatives(case, supplier, CASE_NOTICE_EMAIL, "case_notice")
            return None
        address = supplier.address.strip() if supplier else ""
        letter = Letter.objects.create(
            case=case,
            supplier=supplier,
            addressee=(supplier.legal_name if supplier else case.submission.supplier_name)[:255]
            or "-",
            addressee_cnpj=supplier.cnpj if supplier else "",
            address=address,
            status=Letter.Status.PENDING if address else Letter.Status.NO_ADDRESS,
        )
        hold_deadline_until_delivery(case, " ".join(_by_post_warnings(supplier, letter)))
        return letter


def _without_representative(supplier):
    return _(
        "%(company)s is enrolled but has no active representative: the complaint goes by post."
    ) % {"company": supplier.display_name}


def _without_address():
    return _(
        "The letter has no address and stays out of the print queue: fill in the address "
        "in “Letters to suppliers”."
    )


def _by_post_warnings(supplier, letter):
    """Why a case went by post when staff may not expect it, and what stops its
    letter (for the staff's timeline)."""
    warnings = []
    if supplier and supplier.enrolled:
        warnings.append(_without_representative(supplier))
    if letter.status == Letter.Status.NO_ADDRESS:
        warnings.append(_without_address())
    return warnings


def case_notices(case):
    """Warnings for the staff's case page (the inbox's "inbox_case_notices" hook):
    the case goes by post to an enrolled company without an active
    representative, or its letter waits for an address."""
    forwarding = ForwardedCase.objects.filter(case_id=case.pk).select_related("supplier").first()
    if forwarding is None or not forwarding.by_post:
        return []
    warnings = []
    supplier = forwarding.supplier
    if (
        supplier
        and supplier.enrolled
        and not Representative.objects.active().filter(supplier=supplier).exists()
    ):
        warnings.append(_without_representative(supplier))
    letter = Letter.objects.filter(case_id=case.pk).order_by("-pk").first()
    if letter is not None and letter.status == Letter.Status.NO_ADDRESS:
        warnings.append(_without_address())
    return warnings


def hold_deadline_until_delivery(case, reason=""):
    """A supplier notified by post has no deadline until the letter arrives: the
    workflow keeps the deadline's kind without a date the deadline command acts
    on (and records it, with `reason` for staff). Nothing happens when the case
    moved on meanwhile."""
    try:
        return workflow.apply(case, "hold_supplier_deadline", None, reason=reason)
    except workflow.TransitionError:
        return None


def start_supplier_deadline_from_delivery(letter, delivered_on):
    """Record the letter's delivery and start the supplier's answer deadline from
    it through the workflow (delivered_on + WorkflowSettings.supplier_answer_days).
    Only while the case still waits for the answer (a later letter for a case
    already answered changes no deadline): returns the deadline, or None."""
    with transaction.atomic():
        letter.delivered_on = delivered_on
        letter.status = Letter.Status.DELIVERED
        letter.save(update_fields=["delivered_on", "status"])
        case = Case.objects.select_related("submission").get(pk=letter.case_id)
        if not _is_current_letter(letter):
            return None  # a letter to a supplier the case has since left starts nothing
        try:
            event = workflow.apply(
                case,
                "start_supplier_deadline",
                None,
                today=delivered_on,
                data={"letter": letter.pk, "delivered_on": delivered_on.isoformat()},
            )
        except workflow.TransitionError:
            return None
        return datetime.date.fromisoformat(event.data["deadline"])


def _is_current_letter(letter):
    """Whether `letter` is the notice to the supplier the case is with now (after a
    redirect, the first supplier's letter may still come back delivered)."""
    forwarding = ForwardedCase.objects.filter(case_id=letter.case_id).first()
    latest = (
        Letter.objects.filter(case_id=letter.case_id, hearing__isnull=True).order_by("-pk").first()
    )
    return (
        forwarding is not None
        and forwarding.by_post
        and forwarding.supplier_id == letter.supplier_id
        and latest is not None
        and latest.pk == letter.pk
    )


def mark_posted(letter, tracking_code):
    """Record the letter's posting with its AR tracking code. A letter without an
    address was never printed: refused (ValidationError)."""
    if not letter.address.strip():
        raise ValidationError(no_address_message())
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


def on_supplier_released(case, event):
    """Effect "supplier_released": the Procon accepted an enrolled supplier's
    refusal and sent the case to another company; tell the representatives it
    leaves their area (run before the case is forwarded to the new supplier)."""
    forwarding = ForwardedCase.objects.filter(case=case).select_related("supplier").first()
    if forwarding is None or forwarding.supplier is None or forwarding.by_post:
        return []
    return _email_representatives(case, forwarding.supplier, CASE_RELEASED_EMAIL, "case_released")


def on_supplier_hearing(case, event):
    """Effect "supplier_hearing": a conciliation hearing was scheduled or moved.
    An enrolled supplier's representatives get an e-mail with its date, time and
    place (and read it in the area); a supplier notified by post gets a letter
    in the print queue, with an access code to the case."""
    from inbox.models import Hearing

    forwarding = ForwardedCase.objects.filter(case=case).select_related("supplier").first()
    hearing = Hearing.objects.filter(pk=event.data.get("hearing"), case=case).first()
    if forwarding is None or hearing is None:
        return None
    supplier = forwarding.supplier
    if supplier is not None and not forwarding.by_post:
        return _email_representatives(
            case, supplier, HEARING_EMAIL, "hearing_notice", {"hearing": hearing, "event": event}
        )
    previous = Letter.objects.filter(case=case).exclude(address="").order_by("-pk").first()
    return Letter.objects.create(
        case=case,
        supplier=supplier,
        hearing=hearing,
        addressee=(supplier.legal_name if supplier else case.submission.supplier_name)[:255] or "-",
        addressee_cnpj=supplier.cnpj if supplier else "",
        # The address staff completed on an earlier letter, when the registry has none.
        address=(supplier.address if supplier else "") or (previous.address if previous else ""),
    )
