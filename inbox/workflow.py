"""The case workflow: statuses and actions per form kind, as data, and the two
functions everything else calls.

    allowed_actions(case, user)  -> the actions this user may take now
    apply(case, action, user, reason="", **data)  -> the CaseEvent it wrote

Views, bulk actions, the deadline command and (later) the supplier area and the
citizen's tracking page all go through `apply`; nothing else writes
`Submission.status`.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import effects, permissions
from .models import Case, CaseEvent, DeadlineKind, EventKind, Visibility, WorkflowSettings
from .signals import case_transitioned
from .statuses import Status, status_label

S = Status
# Who may take an action (checked by `permissions.actor_may`):
STAFF = "staff"  # attendants on cases assigned to them or unassigned; supervisors on any
SUPERVISOR = "supervisor"
SUPPLIER = "supplier"  # the supplier area registers how to recognise one
SYSTEM = "system"  # the deadline command (no user)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str
    who: tuple = (STAFF,)
    reason_required: bool = False
    starts: str = ""  # a DeadlineKind; every transition stops the running deadline
    effects: tuple = ()
    visibility: str = Visibility.INTERNAL
    needs_duplicate_of: bool = False
    expiry: bool = False  # taken by the deadline command when the deadline passes

    def __str__(self):
        return str(self.label)

    @property
    def target_label(self):
        return status_label(self.target)


CITIZEN = Visibility.CITIZEN
SUPPLIER_SEES = Visibility.SUPPLIER
NOTIFY_CITIZEN = "notify_citizen"
NOTIFY_SUPPLIER = "notify_supplier"

TRIAGE = (
    Action(
        "accept",
        _("Accept"),
        (S.RECEIVED,),
        S.IN_ANALYSIS,
        visibility=CITIZEN,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action(
        "reject",
        _("Reject"),
        (S.RECEIVED, S.IN_ANALYSIS),
        S.REJECTED,
        reason_required=True,
        visibility=CITIZEN,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action("mark_spam", _("Mark as spam"), (S.RECEIVED, S.IN_ANALYSIS), S.SPAM),
    Action("unmark_spam", _("Not spam: back to triage"), (S.SPAM,), S.RECEIVED, who=(SUPERVISOR,)),
    Action(
        "mark_duplicate",
        _("Link as duplicate"),
        (S.RECEIVED, S.IN_ANALYSIS),
        S.DUPLICATE,
        visibility=CITIZEN,
        effects=(NOTIFY_CITIZEN,),
        needs_duplicate_of=True,
    ),
)

COMPLEMENT = (
    Action(
        "request_complement",
        _("Ask the citizen for more information"),
        (S.IN_ANALYSIS,),
        S.AWAITING_COMPLEMENT,
        reason_required=True,
        starts=DeadlineKind.COMPLEMENT,
        visibility=CITIZEN,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action(
        "receive_complement",
        _("Record the citizen's complement"),
        (S.AWAITING_COMPLEMENT,),
        S.IN_ANALYSIS,
        visibility=CITIZEN,
    ),
    Action(
        "complement_expired",
        _("Close: complement not sent in time"),
        (S.AWAITING_COMPLEMENT,),
        S.CLOSED,
        who=(SYSTEM,),
        visibility=CITIZEN,
        effects=(NOTIFY_CITIZEN,),
        expiry=True,
    ),
)

COMPLAINT = (
    TRIAGE
    + COMPLEMENT
    + (
        Action(
            "forward_to_supplier",
            _("Forward to the supplier"),
            (S.IN_ANALYSIS,),
            S.NOTIFIED_SUPPLIER,
            starts=DeadlineKind.SUPPLIER_ANSWER,
            visibility=CITIZEN,
            effects=(NOTIFY_SUPPLIER, NOTIFY_CITIZEN),
        ),
        Action(
            "record_supplier_answer",
            _("Record the supplier's answer"),
            (S.NOTIFIED_SUPPLIER, S.DEADLINE_EXPIRED),
            S.SUPPLIER_ANSWERED,
            who=(STAFF, SUPPLIER),
            reason_required=True,
            visibility=CITIZEN,
        ),
        Action(
            "supplier_refuse",
            _("Record the supplier's refusal"),
            (S.NOTIFIED_SUPPLIER,),
            S.SUPPLIER_REFUSED,
            who=(STAFF, SUPPLIER),
            reason_required=True,
            visibility=SUPPLIER_SEES,
        ),
        Action(
            "supplier_deadline_expired",
            _("Supplier deadline expired"),
            (S.NOTIFIED_SUPPLIER,),
            S.DEADLINE_EXPIRED,
            who=(SYSTEM,),
            visibility=CITIZEN,
            effects=(NOTIFY_CITIZEN,),
            expiry=True,
        ),
        Action(
            "ask_evaluation",
            _("Ask the consumer to evaluate"),
            (S.SUPPLIER_ANSWERED, S.DEADLINE_EXPIRED, S.SUPPLIER_REFUSED),
            S.AWAITING_EVALUATION,
            starts=DeadlineKind.CONSUMER_EVALUATION,
            visibility=CITIZEN,
            effects=(NOTIFY_CITIZEN,),
        ),
        Action(
            "record_resolved",
            _("Record as resolved"),
            (S.AWAITING_EVALUATION,),
            S.RESOLVED,
            visibility=CITIZEN,
        ),
        Action(
            "record_not_resolved",
            _("Record as not resolved"),
            (S.AWAITING_EVALUATION,),
            S.NOT_RESOLVED,
            visibility=CITIZEN,
        ),
        Action(
            "evaluation_expired",
            _("Close: no evaluation in time"),
            (S.AWAITING_EVALUATION,),
            S.CLOSED,
            who=(SYSTEM,),
            visibility=CITIZEN,
            expiry=True,
        ),
        Action(
            "open_administrative_process",
            _("Open an administrative process"),
            (S.NOT_RESOLVED, S.DEADLINE_EXPIRED),
            S.ADMINISTRATIVE_PROCESS,
            visibility=CITIZEN,
            effects=(NOTIFY_CITIZEN,),
        ),
        Action(
            "close",
            _("Close the case"),
            (S.RESOLVED, S.NOT_RESOLVED, S.ADMINISTRATIVE_PROCESS, S.SUPPLIER_REFUSED),
            S.CLOSED,
            visibility=CITIZEN,
            effects=(NOTIFY_CITIZEN,),
        ),
    )
)

CONSULTATION = (
    TRIAGE
    + COMPLEMENT
    + (
        Action(
            "answer",
            _("Answer the consultation"),
            (S.IN_ANALYSIS,),
            S.ANSWERED,
            reason_required=True,
            visibility=CITIZEN,
            effects=(NOTIFY_CITIZEN,),
        ),
        Action("close", _("Close the case"), (S.ANSWERED,), S.CLOSED, visibility=CITIZEN),
    )
)

ENROLMENT = TRIAGE + (
    Action(
        "approve",
        _("Approve the enrolment"),
        (S.IN_ANALYSIS, S.PENDING),
        S.APPROVED,
        visibility=CITIZEN,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action(
        "mark_pending",
        _("Mark as pending"),
        (S.IN_ANALYSIS,),
        S.PENDING,
        reason_required=True,
        visibility=CITIZEN,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action(
        "refuse",
        _("Refuse the enrolment"),
        (S.IN_ANALYSIS, S.PENDING),
        S.REFUSED,
        reason_required=True,
        visibility=CITIZEN,
        effects=(NOTIFY_CITIZEN,),
    ),
)

GENERIC = TRIAGE + (
    Action("close", _("Close the case"), (S.IN_ANALYSIS,), S.CLOSED, visibility=CITIZEN),
)

WORKFLOWS = {
    "complaint": {a.name: a for a in COMPLAINT},
    "consultation": {a.name: a for a in CONSULTATION},
    "enrolment": {a.name: a for a in ENROLMENT},
    "generic": {a.name: a for a in GENERIC},
}


class TransitionError(Exception):
    """An action refused: the message says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def actions_for(kind):
    return WORKFLOWS.get(kind, WORKFLOWS["generic"])


def statuses_for(kind):
    actions = actions_for(kind).values()
    return {Status.RECEIVED} | {a.target for a in actions} | {s for a in actions for s in a.sources}


def allowed_actions(case, user):
    """The actions `user` may take on `case` in its current status, in table order."""
    status = case.submission.status
    return [
        action
        for action in actions_for(case.submission.kind).values()
        if status in action.sources and permissions.actor_may(user, action.who, case)
    ]


def apply(case, action, user, reason="", duplicate_of=None, today=None):
    """Check and take `action` (a name) on `case` as `user` (None: the system).

    In one transaction with the case row locked: change the status, stop or start
    the deadline, write the CaseEvent and queue the action's effects (run after
    commit). Raises TransitionError, changing nothing, when the action does not
    exist for this kind, is not allowed from the current status, the user may not
    take it, or a required reason or duplicate is missing.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("submission").get(pk=case.pk)
        submission = case.submission
        table = actions_for(submission.kind)
        if action not in table:
            raise TransitionError(
                _("“%(action)s” is not an action of this workflow.") % {"action": action}
            )
        step = table[action]
        if submission.status not in step.sources:
            raise TransitionError(
                _("“%(action)s” is not possible while the case is “%(status)s”.")
                % {"action": step.label, "status": status_label(submission.status)}
            )
        if not permissions.actor_may(user, step.who, case):
            raise TransitionError(
                _("You may not take the action “%(action)s” on this case.") % {"action": step.label}
            )
        if step.reason_required and not reason:
            raise TransitionError(_("“%(action)s” needs a reason.") % {"action": step.label})
        data = {}
        if step.needs_duplicate_of:
            if duplicate_of is None or duplicate_of.pk == submission.pk:
                raise TransitionError(_("Give the protocol of another submission."))
            case.duplicate_of = duplicate_of
            data["duplicate_of"] = duplicate_of.protocol
            reason = reason or str(
                _("Duplicate of protocol %(protocol)s.") % {"protocol": duplicate_of.protocol}
            )

        previous = submission.status
        submission.status = step.target
        submission.save(update_fields=["status"])
        case.deadline, case.deadline_kind = None, ""
        if step.starts:
            days = WorkflowSettings.load().days_for(step.starts)
            case.deadline = (today or timezone.localdate()) + timezone.timedelta(days=days)
            case.deadline_kind = step.starts
            data["deadline"] = case.deadline.isoformat()
        case.save()
        event = CaseEvent.objects.create(
            case=case,
            kind=EventKind.TRANSITION,
            action=step.name,
            actor=user,
            from_status=previous,
            to_status=step.target,
            reason=reason,
            visibility=step.visibility,
            data=data,
        )
        case_transitioned.send(sender=Case, case=case, event=event, action=step)
        effects.queue(step.effects, case, event)
    return event
