"""Case handling that is not a status change: opening, assignment, notes, messages."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import effects, permissions
from .models import Case, CaseEvent, EventKind, Party, Visibility, WorkflowSettings
from .statuses import FINAL
from .workflow import NOTIFY_STAFF, SUPPLIER_UPDATE, TransitionError, pending_request

MAX_MESSAGE_LENGTH = 5000


def open_case(submission):
    """Open the case of a new submission (called once, inside the submit transaction:
    two inserts, so the citizen's submit stays cheap)."""
    case = Case.objects.create(submission=submission)
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.OPENED,
        party=Party.CITIZEN,
        to_status=submission.status,
        visibility=Visibility.CITIZEN,
        created_at=submission.submit_time,
    )
    return case


def assign(case, assignee, actor):
    """Give `case` to `assignee` (None: unassign). Attendants may only take an
    unassigned case for themselves or give up their own; supervisors may reassign."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not permissions.is_supervisor(actor):
            own = case.assignee_id in (None, actor.pk)
            if not (own and assignee in (None, actor)) or not permissions.is_case_staff(actor):
                raise TransitionError(_("Only supervisors may reassign cases."))
        if assignee is not None and not permissions.is_case_staff(assignee):
            raise TransitionError(_("Cases can only be assigned to case staff."))
        if case.assignee_id == (assignee.pk if assignee else None):
            return None
        previous = case.assignee
        case.assignee = assignee
        case.save(update_fields=["assignee", "updated_at"])
        return CaseEvent.objects.create(
            case=case,
            kind=EventKind.ASSIGNMENT,
            actor=actor,
            party=Party.STAFF,
            visibility=Visibility.INTERNAL,
            data={
                "from": previous.get_username() if previous else "",
                "to": assignee.get_username() if assignee else "",
                "to_name": (assignee.get_full_name() or assignee.get_username())
                if assignee
                else "",
            },
        )


def _check_may_work(case, actor):
    if not permissions.policy.user_has_permission_for_instance(actor, "work", case):
        raise TransitionError(_("You may not work on this case."))


def add_note(case, actor, text):
    """An internal note: staff only, never shown to the citizen or the supplier."""
    _check_may_work(case, actor)
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Write the note."))
    return CaseEvent.objects.create(
        case=case,
        kind=EventKind.NOTE,
        actor=actor,
        party=Party.STAFF,
        body=text,
        visibility=Visibility.INTERNAL,
    )


def send_message(case, actor, text):
    """A message to the citizen: kept for the tracking page, and its e-mail put in
    the outbox in the same transaction (delivered after commit)."""
    from .tasks import queue_case_email

    _check_may_work(case, actor)
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Write the message."))
    with transaction.atomic():
        event = CaseEvent.objects.create(
            case=case,
            kind=EventKind.MESSAGE,
            actor=actor,
            party=Party.STAFF,
            body=text,
            visibility=Visibility.CITIZEN,
        )
        queue_case_email(event)
    return event


def _message_text(text, missing):
    text = (text or "").strip()
    if not text:
        raise TransitionError(missing)
    if len(text) > MAX_MESSAGE_LENGTH:
        raise TransitionError(_("Write at most %(max)s characters.") % {"max": MAX_MESSAGE_LENGTH})
    return text


def message_supplier(case, actor, text):
    """A message from the Procon to the supplier (the supplier area shows it; the
    supplier side registers how it is delivered, as effect "supplier_update")."""
    _check_may_work(case, actor)
    text = _message_text(text, _("Write the message."))
    with transaction.atomic():
        event = CaseEvent.objects.create(
            case=case,
            kind=EventKind.SUPPLIER_MESSAGE,
            actor=actor,
            party=Party.STAFF,
            body=text,
            visibility=Visibility.SUPPLIER,
        )
        effects.queue((SUPPLIER_UPDATE,), case, event)
    return event


def _party_event(
    case, kind, party, text, visibility, user=None, data=None, status=None, refusal="", once=False
):
    """Something an authenticated outside party sent; the assignee is told.
    `status`: the only status in which it may be sent (`refusal` says so otherwise).
    `once`: refused while an earlier one of the same kind awaits a decision."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("submission").get(pk=case.pk)
        if case.submission.status in FINAL:
            raise TransitionError(_("This case is finished; it takes no more messages."))
        if status and case.submission.status != status:
            raise TransitionError(refusal)
        if once and pending_request(case, kind) is not None:
            raise TransitionError(_("An earlier request awaits the Procon's decision."))
        event = CaseEvent.objects.create(
            case=case,
            kind=kind,
            actor=user,
            party=party,
            body=text,
            visibility=visibility,
            data=data or {},
        )
        effects.queue((NOTIFY_STAFF,), case, event)
    return event


def citizen_message(case, text, data=None):
    """The citizen's reply, from the tracking page (which authenticated them).
    `data`: kept on the event; the files sent with it are listed there as
    {"files": [attachment ids], "file_names": [names]} (see `inbox.files`)."""
    text = _message_text(text, _("Write your message."))
    return _party_event(
        case, EventKind.CITIZEN_MESSAGE, Party.CITIZEN, text, Visibility.CITIZEN, data=data
    )


def supplier_reply(case, text, user=None):
    """The supplier's message, from the supplier area (`user`: the representative)."""
    text = _message_text(text, _("Write your message."))
    return _party_event(
        case, EventKind.SUPPLIER_REPLY, Party.SUPPLIER, text, Visibility.SUPPLIER, user=user
    )


def request_extension(case, days, reason, user=None):
    """The supplier asks for more time to answer; staff decide with the workflow's
    "grant_extension" (or a message saying no)."""
    from .statuses import Status

    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    limit = WorkflowSettings.load().max_extension_days
    if not 1 <= days <= limit:
        raise TransitionError(_("Give a number of days from 1 to %(max)s.") % {"max": limit})
    reason = _message_text(reason, _("Say why you need more time."))
    return _party_event(
        case,
        EventKind.EXTENSION_REQUEST,
        Party.SUPPLIER,
        reason,
        Visibility.SUPPLIER,
        user=user,
        data={"days": days},
        status=Status.NOTIFIED_SUPPLIER,
        refusal=_("More time can only be asked while an answer is awaited."),
        once=True,
    )
