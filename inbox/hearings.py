"""Conciliation hearings (audiência de conciliação) of complaints.

Staff schedule a hearing (date and time in the future, a place or a video call
link, or both); each party may ask once to reschedule it, and staff reschedule
it or keep the date; staff record the outcome (agreement with its terms and due
date, no agreement, the consumer or the supplier absent) and the minutes (ata),
kept as a private PDF with the case's files; from the agreement's due date the
consumer says whether it was kept.

Each function writes the `Hearing` row and takes the workflow action that moves
the case in one transaction (`workflow.apply` records the event and queues the
notices to both parties); on any refusal nothing is kept.
"""

import hashlib
import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import storage

from . import ata, effects, workflow
from .models import Case, CaseEvent, EventKind, Hearing, Party, Visibility
from .statuses import Status
from .workflow import CITIZEN, NOTIFY_STAFF, SUPPLIER, TransitionError

logger = logging.getLogger(__name__)

ATA_FIELD_KEY = "ata"
MAX_TEXT_LENGTH = 5000
OUTCOME_ACTIONS = {
    Hearing.Outcome.AGREEMENT: "record_agreement",
    Hearing.Outcome.NO_AGREEMENT: "record_no_agreement",
    Hearing.Outcome.CONSUMER_ABSENT: "record_consumer_absence",
    Hearing.Outcome.SUPPLIER_ABSENT: "record_supplier_absence",
}
# Who sees a party's request to reschedule: the party and the Procon only.
REQUEST_VISIBILITY = {CITIZEN: Visibility.INTERNAL, SUPPLIER: Visibility.SUPPLIER}


def current_hearing(case):
    """The case's latest hearing, or None."""
    return Hearing.objects.filter(case=case).order_by("-pk").first()


def open_hearing(case):
    """The case's hearing that is scheduled and not yet held, or None."""
    hearing = current_hearing(case)
    return hearing if hearing is not None and hearing.is_open else None


def _text(value, limit=MAX_TEXT_LENGTH):
    text = (value or "").strip()
    if len(text) > limit:
        raise TransitionError(_("Write at most %(max)s characters.") % {"max": limit})
    return text


def check_when_and_where(when, place, video_link, now=None):
    """(when, place, link) checked: a date and time in the future, and a place or
    a video call link (http or https). TransitionError otherwise."""
    if not isinstance(when, datetime):
        raise TransitionError(_("Give the hearing's date and time."))
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when <= (now or timezone.now()):
        raise TransitionError(_("The hearing's date and time must be in the future."))
    place = _text(place, 255)
    video_link = (video_link or "").strip()
    if not place and not video_link:
        raise TransitionError(_("Give the hearing's place or the link to the video call."))
    if video_link:
        try:
            URLValidator(schemes=["http", "https"])(video_link)
        except ValidationError as error:
            raise TransitionError(
                _("Give the video call link as a web address (https://...).")
            ) from error
        if len(video_link) > 500:
            raise TransitionError(_("Write at most %(max)s characters.") % {"max": 500})
    return when, place, video_link


def _hearing_data(hearing):
    when = timezone.localtime(hearing.scheduled_at)
    return {
        "hearing": hearing.pk,
        "hearing_date": when.date().isoformat(),
        "hearing_at": when.isoformat(),
        "place": hearing.place,
        "video_link": hearing.video_link,
    }


def schedule(case, user, when, place="", video_link="", note="", now=None):
    """Schedule a hearing on `case` (workflow action "schedule_hearing"); both
    parties are told. Returns the Hearing."""
    when, place, video_link = check_when_and_where(when, place, video_link, now)
    with transaction.atomic():
        hearing = Hearing.objects.create(
            case=case, scheduled_at=when, place=place, video_link=video_link
        )
        workflow.apply(
            case, "schedule_hearing", user, reason=_text(note), data=_hearing_data(hearing)
        )
    return hearing


def reschedule(case, user, when, place="", video_link="", note="", now=None):
    """Move the open hearing to another date, time or place (action
    "reschedule_hearing", which also decides a party's pending request)."""
    when, place, video_link = check_when_and_where(when, place, video_link, now)
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        hearing = open_hearing(case)
        if hearing is None:
            raise TransitionError(_("There is no scheduled hearing."))
        previous = timezone.localtime(hearing.scheduled_at).isoformat()
        hearing.scheduled_at, hearing.place, hearing.video_link = when, place, video_link
        hearing.save(update_fields=["scheduled_at", "place", "video_link"])
        data = {**_hearing_data(hearing), "previous_hearing_at": previous}
        workflow.apply(case, "reschedule_hearing", user, reason=_text(note), data=data)
    return hearing


def reschedule_request(case, party, hearing=None):
    """`party`'s request to reschedule `hearing` (default: the open one), or None."""
    hearing = hearing or open_hearing(case)
    if hearing is None:
        return None
    return (
        CaseEvent.objects.filter(
            case=case, kind=EventKind.RESCHEDULE_REQUEST, party=party, data__hearing=hearing.pk
        )
        .order_by("-pk")
        .first()
    )


def may_request_reschedule(case, party, now=None):
    """Whether `party` may still ask to reschedule: a hearing is scheduled, its
    time has not come, and the party has not asked yet."""
    hearing = open_hearing(case)
    return (
        case.submission.status == Status.HEARING_SCHEDULED
        and hearing is not None
        and hearing.scheduled_at > (now or timezone.now())
        and reschedule_request(case, party, hearing) is None
    )


def request_reschedule(case, party, reason, user=None, now=None):
    """An outside party (CITIZEN or SUPPLIER, authenticated by the caller) asks
    once per hearing for another date; the Procon decides ("reschedule_hearing"
    or "deny_reschedule") and the assignee is told."""
    if party not in (CITIZEN, SUPPLIER):
        raise TransitionError(_("Only the consumer or the supplier may ask for another date."))
    reason = _text(reason)
    if not reason:
        raise TransitionError(_("Say why you need another date."))
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("submission").get(pk=case.pk)
        hearing = open_hearing(case)
        if case.submission.status != Status.HEARING_SCHEDULED or hearing is None:
            raise TransitionError(_("There is no scheduled hearing."))
        if hearing.scheduled_at <= (now or timezone.now()):
            raise TransitionError(_("The hearing's time has come: it can no longer be moved."))
        if reschedule_request(case, party, hearing) is not None:
            raise TransitionError(_("You have already asked once to reschedule this hearing."))
        event = CaseEvent.objects.create(
            case=case,
            kind=EventKind.RESCHEDULE_REQUEST,
            actor=user,
            party=Party.CITIZEN if party == CITIZEN else Party.SUPPLIER,
            body=reason,
            visibility=REQUEST_VISIBILITY[party],
            data={"hearing": hearing.pk},
        )
        effects.queue((NOTIFY_STAFF,), case, event)
    return event


def record_outcome(case, user, outcome, minutes="", terms="", due_date=None, today=None, now=None):
    """Record the open hearing's outcome (a Hearing.Outcome), with the minutes,
    and for an agreement its terms and due date (today or later). The ata is
    written as a PDF, stored privately with the case's files and listed on the
    workflow event, so each party downloads it as its other files. Returns the
    Hearing."""
    if outcome not in OUTCOME_ACTIONS:
        raise TransitionError(_("Choose the hearing's outcome."))
    minutes, terms = _text(minutes), _text(terms)
    today = today or timezone.localdate()
    if outcome == Hearing.Outcome.AGREEMENT:
        if not terms:
            raise TransitionError(_("Write the terms of the agreement."))
        if due_date is None:
            raise TransitionError(_("Give the date by which the agreement must be kept."))
        if due_date < today:
            raise TransitionError(_("The agreement's due date cannot be in the past."))
    else:
        terms, due_date = "", None
    stored = None
    try:
        with transaction.atomic():
            Case.objects.select_for_update().get(pk=case.pk)
            hearing = open_hearing(case)
            if hearing is None:
                raise TransitionError(_("There is no scheduled hearing."))
            if hearing.scheduled_at > (now or timezone.now()):
                raise TransitionError(_("The hearing has not taken place yet."))
            hearing.outcome, hearing.minutes = outcome, minutes
            hearing.agreement_terms, hearing.due_date = terms, due_date
            hearing.recorded_by, hearing.recorded_at = user, timezone.now()
            hearing.case = case
            content = ata.render(hearing)
            stored = storage.save(ContentFile(content))
            hearing.ata = _ata_attachment(case, content, stored)
            hearing.save()
            data = {
                "hearing": hearing.pk,
                "files": [str(hearing.ata.pk)],
                "file_names": [hearing.ata.original_name],
            }
            if due_date:
                data["due_date"] = due_date.isoformat()
            workflow.apply(
                case,
                OUTCOME_ACTIONS[outcome],
                user,
                reason=terms if outcome == Hearing.Outcome.AGREEMENT else minutes,
                today=today,
                data=data,
            )
    except Exception:
        if stored:
            try:
                storage.delete(stored)
            except OSError:
                logger.exception("could not delete stored file %s", stored)
        raise
    return hearing


def _ata_attachment(case, content, storage_name):
    from forms.models import Attachment

    return Attachment.objects.create(
        submission=case.submission,
        field_key=ATA_FIELD_KEY,
        original_name=f"ata-audiencia-{case.submission.protocol}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        storage_name=storage_name,
    )


def agreement_answer_open(case, today=None):
    """Whether the consumer may say now whether the agreement was kept: the case
    awaits it and the agreement's due date has come."""
    if case.submission.status != Status.AGREEMENT:
        return False
    hearing = current_hearing(case)
    if hearing is None or hearing.due_date is None:
        return False
    return hearing.due_date <= (today or timezone.localdate())


def confirm_agreement(case, kept, reason="", today=None):
    """The consumer's word on the agreement, from the tracking page: kept closes
    the case; not kept ("agreement_broken", saying what was not done) returns it
    to staff for the next step."""
    if not agreement_answer_open(case, today):
        raise TransitionError(_("You can tell us about the agreement from its due date on."))
    action = "agreement_kept" if kept else "agreement_broken"
    return workflow.apply(case, action, None, reason=_text(reason), party=CITIZEN)
