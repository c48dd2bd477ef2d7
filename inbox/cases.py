"""Case handling that is not a status change: opening, assignment, notes, messages."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import Case, CaseEvent, EventKind, Visibility
from .workflow import TransitionError


def open_case(submission):
    """Open the case of a new submission (called once, inside the submit transaction:
    two inserts, so the citizen's submit stays cheap)."""
    case = Case.objects.create(submission=submission)
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.OPENED,
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
        case=case, kind=EventKind.NOTE, actor=actor, body=text, visibility=Visibility.INTERNAL
    )


def send_message(case, actor, text):
    """A message to the citizen: kept for the tracking page and emailed after commit."""
    from .tasks import send_case_email

    _check_may_work(case, actor)
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Write the message."))
    with transaction.atomic():
        event = CaseEvent.objects.create(
            case=case, kind=EventKind.MESSAGE, actor=actor, body=text, visibility=Visibility.CITIZEN
        )
        if case.submission.consumer_email:
            transaction.on_commit(lambda: send_case_email.enqueue(event.pk))
    return event
