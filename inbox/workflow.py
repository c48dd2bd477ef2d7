"""The case workflow: statuses and actions per form kind, as data, and the two
functions everything else calls.

    allowed_actions(case, user, party=None)  -> the actions this actor may take now
    apply(case, action, user, reason="", party=None, data=None, ...)  -> the CaseEvent

Views, bulk actions, the deadline command, the supplier area and the citizen's
tracking page all go through `apply`; nothing else writes `Submission.status`,
`Case.deadline` or its kind (tests/inbox/test_one_writer.py checks the source).

Outside parties are not staff users: the citizen's tracking page (protocol and
access code) and the supplier area (a representative, or a one-case access code)
authenticate them, then act with `party=CITIZEN` or `party=SUPPLIER`; the table
says which actions each party may take.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.brazil import clean_cnpj, normalise_cnpj

from . import effects, permissions
from .models import (
    Case,
    CaseEvent,
    Classification,
    DeadlineKind,
    EventKind,
    Party,
    Visibility,
    WorkflowSettings,
)
from .signals import case_transitioned
from .statuses import Status, status_label

S = Status
# Who may take an action (checked by `permissions.actor_may`):
STAFF = "staff"  # attendants on cases assigned to them or unassigned; supervisors on any
SUPERVISOR = "supervisor"
SUPPLIER = "supplier"  # the supplier area, acting for an authenticated supplier
CITIZEN = "citizen"  # the tracking page, acting for an authenticated citizen
SYSTEM = "system"  # the deadline command (no user)
PARTIES = (CITIZEN, SUPPLIER)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str
    who: tuple = (STAFF,)
    reason_required: bool = False
    # A DeadlineKind. A change of status stops the running deadline; an action
    # that keeps the status keeps it (unless it starts, extends or holds one).
    starts: str = ""
    effects: tuple = ()
    visibility: str = Visibility.INTERNAL
    needs_duplicate_of: bool = False
    expiry: bool = False  # taken by the deadline command when the deadline passes
    extends: bool = False  # adds `data["days"]` to the running deadline instead
    sets: tuple = ()  # (Case field, value or a `data` key as "data:key") pairs
    holds: bool = False  # keeps the deadline's kind without a date (a letter on its way)
    # An EventKind: the party's request this action decides (its id goes in the
    # event's data); with `needs_request`, refused when no request is pending.
    decides: str = ""
    needs_request: bool = False
    needs_supplier: bool = False  # sends the case to another supplier: data["cnpj"]
    # A `data` key holding an ISO date: the deadline it starts counts from that
    # day (the hearing's, the agreement's due date) instead of today.
    starts_from: str = ""
    # Acts on a conciliation hearing: data["hearing"] names the case's hearing,
    # which `inbox.hearings` writes in the same transaction (so the action is
    # taken through it, never through the generic action form).
    hearing: bool = False

    def __str__(self):
        return str(self.label)

    @property
    def target_label(self):
        return status_label(self.target)


SEEN_BY_PARTIES = Visibility.CITIZEN  # the citizen, and the supplier once forwarded
SUPPLIER_SEES = Visibility.SUPPLIER
NOTIFY_CITIZEN = "notify_citizen"
NOTIFY_SUPPLIER = "notify_supplier"  # the complaint reaches the supplier (area or letter)
SUPPLIER_UPDATE = "supplier_update"  # news for a supplier already notified
NOTIFY_STAFF = "notify_staff"  # the assignee (or the supervisors) hear of a party's act
SUPPLIER_RELEASED = "supplier_released"  # the previous supplier hears the case left it
# The supplier hears of a hearing's date and place (the area and e-mail, or a letter).
SUPPLIER_HEARING = "supplier_hearing"

TRIAGE = (
    Action(
        "accept",
        _("Accept"),
        (S.RECEIVED,),
        S.IN_ANALYSIS,
        visibility=SEEN_BY_PARTIES,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action(
        "reject",
        _("Reject"),
        (S.RECEIVED, S.IN_ANALYSIS),
        S.REJECTED,
        reason_required=True,
        visibility=SEEN_BY_PARTIES,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action("mark_spam", _("Mark as spam"), (S.RECEIVED, S.IN_ANALYSIS), S.SPAM),
    Action("unmark_spam", _("Not spam: back to triage"), (S.SPAM,), S.RECEIVED, who=(SUPERVISOR,)),
    Action(
        "mark_duplicate",
        _("Link as duplicate"),
        (S.RECEIVED, S.IN_ANALYSIS),
        S.DUPLICATE,
        visibility=SEEN_BY_PARTIES,
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
        visibility=SEEN_BY_PARTIES,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action(
        "receive_complement",
        _("Record the citizen's complement"),
        (S.AWAITING_COMPLEMENT,),
        S.IN_ANALYSIS,
        who=(STAFF, CITIZEN),
        visibility=SEEN_BY_PARTIES,
        effects=(NOTIFY_STAFF,),
    ),
    Action(
        "complement_expired",
        _("Close: complement not sent in time"),
        (S.AWAITING_COMPLEMENT,),
        S.CLOSED,
        who=(SYSTEM,),
        visibility=SEEN_BY_PARTIES,
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
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_SUPPLIER, NOTIFY_CITIZEN),
        ),
        Action(
            "record_supplier_answer",
            _("Record the supplier's answer"),
            (S.NOTIFIED_SUPPLIER, S.DEADLINE_EXPIRED),
            S.SUPPLIER_ANSWERED,
            who=(STAFF, SUPPLIER),
            reason_required=True,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, NOTIFY_STAFF),
        ),
        Action(
            "supplier_refuse",
            _("Record the supplier's refusal"),
            (S.NOTIFIED_SUPPLIER,),
            S.SUPPLIER_REFUSED,
            who=(STAFF, SUPPLIER),
            reason_required=True,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, NOTIFY_STAFF),
        ),
        # The Procon decides a refusal: accept it (close, or send the case to
        # the right supplier) or reject it (the supplier must answer).
        Action(
            "accept_refusal",
            _("Accept the refusal and close"),
            (S.SUPPLIER_REFUSED,),
            S.CLOSED,
            reason_required=True,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        Action(
            "redirect_to_supplier",
            _("Accept the refusal and send to the right supplier"),
            (S.SUPPLIER_REFUSED,),
            S.NOTIFIED_SUPPLIER,
            reason_required=True,
            starts=DeadlineKind.SUPPLIER_ANSWER,
            visibility=SEEN_BY_PARTIES,
            needs_supplier=True,
            # The previous supplier first, while the case is still forwarded to it.
            effects=(SUPPLIER_RELEASED, NOTIFY_SUPPLIER, NOTIFY_CITIZEN),
        ),
        Action(
            "reject_refusal",
            _("Reject the refusal: the supplier must answer"),
            (S.SUPPLIER_REFUSED,),
            S.NOTIFIED_SUPPLIER,
            reason_required=True,
            starts=DeadlineKind.SUPPLIER_ANSWER,
            visibility=SEEN_BY_PARTIES,
            effects=(SUPPLIER_UPDATE, NOTIFY_CITIZEN),
        ),
        # The Procon decides a request for more time (or gives time unasked).
        Action(
            "grant_extension",
            _("Give the supplier more time"),
            (S.NOTIFIED_SUPPLIER,),
            S.NOTIFIED_SUPPLIER,
            visibility=SEEN_BY_PARTIES,
            extends=True,
            decides=EventKind.EXTENSION_REQUEST,
            effects=(SUPPLIER_UPDATE, NOTIFY_CITIZEN),
        ),
        Action(
            "deny_extension",
            _("Deny the request for more time"),
            (S.NOTIFIED_SUPPLIER,),
            S.NOTIFIED_SUPPLIER,
            reason_required=True,
            visibility=SUPPLIER_SEES,
            decides=EventKind.EXTENSION_REQUEST,
            needs_request=True,
            effects=(SUPPLIER_UPDATE,),
        ),
        # A supplier notified by post: its deadline waits for the letter's delivery.
        Action(
            "hold_supplier_deadline",
            _("Wait for the letter's delivery"),
            (S.NOTIFIED_SUPPLIER,),
            S.NOTIFIED_SUPPLIER,
            who=(SYSTEM,),
            holds=True,
        ),
        Action(
            "start_supplier_deadline",
            _("Letter delivered: the supplier's deadline starts"),
            (S.NOTIFIED_SUPPLIER,),
            S.NOTIFIED_SUPPLIER,
            who=(SYSTEM,),
            starts=DeadlineKind.SUPPLIER_ANSWER,
            visibility=SUPPLIER_SEES,
        ),
        Action(
            "supplier_deadline_expired",
            _("Supplier deadline expired"),
            (S.NOTIFIED_SUPPLIER,),
            S.DEADLINE_EXPIRED,
            who=(SYSTEM,),
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN,),
            expiry=True,
        ),
        Action(
            "ask_evaluation",
            _("Ask the consumer to evaluate"),
            (S.SUPPLIER_ANSWERED, S.DEADLINE_EXPIRED, S.SUPPLIER_REFUSED),
            S.AWAITING_EVALUATION,
            starts=DeadlineKind.CONSUMER_EVALUATION,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN,),
        ),
        Action(
            "record_resolved",
            _("Record as resolved"),
            (S.AWAITING_EVALUATION,),
            S.RESOLVED,
            who=(STAFF, CITIZEN),
            visibility=SEEN_BY_PARTIES,
            sets=(("evaluation_score", "data:score"),),
            effects=(NOTIFY_STAFF, SUPPLIER_UPDATE),
        ),
        Action(
            "record_not_resolved",
            _("Record as not resolved"),
            (S.AWAITING_EVALUATION,),
            S.NOT_RESOLVED,
            who=(STAFF, CITIZEN),
            visibility=SEEN_BY_PARTIES,
            sets=(("evaluation_score", "data:score"),),
            effects=(NOTIFY_STAFF, SUPPLIER_UPDATE),
        ),
        Action(
            "evaluation_expired",
            _("Close: no evaluation in time"),
            (S.AWAITING_EVALUATION,),
            S.CLOSED,
            who=(SYSTEM,),
            visibility=SEEN_BY_PARTIES,
            expiry=True,
        ),
        # The conciliation hearing (audiência de conciliação): scheduled when the
        # answer left the problem unsolved; its outcome moves the case on.
        Action(
            "schedule_hearing",
            _("Schedule a conciliation hearing"),
            (S.NOT_RESOLVED, S.DEADLINE_EXPIRED, S.CONCILIATION_FAILED),
            S.HEARING_SCHEDULED,
            starts=DeadlineKind.HEARING,
            starts_from="hearing_date",
            visibility=SEEN_BY_PARTIES,
            hearing=True,
            effects=(NOTIFY_CITIZEN, SUPPLIER_HEARING),
        ),
        Action(
            "reschedule_hearing",
            _("Reschedule the hearing"),
            (S.HEARING_SCHEDULED,),
            S.HEARING_SCHEDULED,
            starts=DeadlineKind.HEARING,
            starts_from="hearing_date",
            visibility=SEEN_BY_PARTIES,
            hearing=True,
            decides=EventKind.RESCHEDULE_REQUEST,
            effects=(NOTIFY_CITIZEN, SUPPLIER_HEARING),
        ),
        Action(
            "deny_reschedule",
            _("Keep the hearing's date (deny the request)"),
            (S.HEARING_SCHEDULED,),
            S.HEARING_SCHEDULED,
            reason_required=True,
            visibility=SEEN_BY_PARTIES,
            decides=EventKind.RESCHEDULE_REQUEST,
            needs_request=True,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        Action(
            "record_agreement",
            _("Record an agreement"),
            (S.HEARING_SCHEDULED,),
            S.AGREEMENT,
            reason_required=True,  # the agreement's terms
            starts=DeadlineKind.AGREEMENT,
            starts_from="due_date",
            visibility=SEEN_BY_PARTIES,
            hearing=True,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        Action(
            "record_no_agreement",
            _("Record: no agreement"),
            (S.HEARING_SCHEDULED,),
            S.CONCILIATION_FAILED,
            visibility=SEEN_BY_PARTIES,
            hearing=True,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        # The consumer who does not come without a reason gives up the
        # conciliation: the complaint is filed (closed).
        Action(
            "record_consumer_absence",
            _("Record: the consumer was absent"),
            (S.HEARING_SCHEDULED,),
            S.CLOSED,
            visibility=SEEN_BY_PARTIES,
            hearing=True,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        # The supplier that does not come: no conciliation; staff take the next step.
        Action(
            "record_supplier_absence",
            _("Record: the supplier was absent"),
            (S.HEARING_SCHEDULED,),
            S.CONCILIATION_FAILED,
            visibility=SEEN_BY_PARTIES,
            hearing=True,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        # From the agreement's due date the consumer says whether it was kept.
        Action(
            "agreement_kept",
            _("The agreement was kept: close"),
            (S.AGREEMENT,),
            S.CLOSED,
            who=(STAFF, CITIZEN),
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_STAFF, SUPPLIER_UPDATE),
        ),
        # Not kept: back to staff, who open an administrative process (or close).
        Action(
            "agreement_broken",
            _("The agreement was not kept"),
            (S.AGREEMENT,),
            S.AGREEMENT_BROKEN,
            who=(STAFF, CITIZEN),
            reason_required=True,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_STAFF, SUPPLIER_UPDATE),
        ),
        Action(
            "agreement_confirmation_expired",
            _("Close: the consumer did not say the agreement was broken"),
            (S.AGREEMENT,),
            S.CLOSED,
            who=(SYSTEM,),
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
            expiry=True,
        ),
        Action(
            "open_administrative_process",
            _("Open an administrative process"),
            (S.NOT_RESOLVED, S.DEADLINE_EXPIRED, S.CONCILIATION_FAILED, S.AGREEMENT_BROKEN),
            S.ADMINISTRATIVE_PROCESS,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        Action(
            "decide",
            _("Record the decision"),
            (S.ADMINISTRATIVE_PROCESS,),
            S.DECIDED,
            reason_required=True,
            starts=DeadlineKind.APPEAL,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        Action(
            "appeal",
            _("Appeal the decision"),
            (S.DECIDED,),
            S.APPEALED,
            who=(STAFF, SUPPLIER),
            reason_required=True,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, NOTIFY_STAFF),
        ),
        Action(
            "judge_appeal",
            _("Record the appeal's judgement and close"),
            (S.APPEALED,),
            S.CLOSED,
            reason_required=True,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        Action(
            "appeal_expired",
            _("Close: no appeal in time"),
            (S.DECIDED,),
            S.CLOSED,
            who=(SYSTEM,),
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
            expiry=True,
        ),
        Action(
            "close",
            _("Close the case"),
            (
                S.RESOLVED,
                S.NOT_RESOLVED,
                S.CONCILIATION_FAILED,
                S.AGREEMENT_BROKEN,
                S.ADMINISTRATIVE_PROCESS,
            ),
            S.CLOSED,
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN, SUPPLIER_UPDATE),
        ),
        Action(
            "withdraw",
            _("Withdraw the complaint"),
            (
                S.RECEIVED,
                S.IN_ANALYSIS,
                S.AWAITING_COMPLEMENT,
                S.NOTIFIED_SUPPLIER,
                S.SUPPLIER_ANSWERED,
                S.SUPPLIER_REFUSED,
                S.DEADLINE_EXPIRED,
                S.AWAITING_EVALUATION,
            ),
            S.WITHDRAWN,
            who=(CITIZEN,),
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_STAFF, SUPPLIER_UPDATE),
        ),
    )
    + (
        Action(
            "classify_founded_attended",
            _("Classify as well-founded and attended"),
            (S.CLOSED,),
            S.CLOSED,
            sets=(("classification", Classification.FOUNDED_ATTENDED),),
        ),
        Action(
            "classify_founded_not_attended",
            _("Classify as well-founded and not attended"),
            (S.CLOSED,),
            S.CLOSED,
            sets=(("classification", Classification.FOUNDED_NOT_ATTENDED),),
        ),
        Action(
            "classify_unfounded",
            _("Classify as not well-founded"),
            (S.CLOSED,),
            S.CLOSED,
            sets=(("classification", Classification.UNFOUNDED),),
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
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_CITIZEN,),
        ),
        Action("close", _("Close the case"), (S.ANSWERED,), S.CLOSED, visibility=SEEN_BY_PARTIES),
        Action(
            "withdraw",
            _("Withdraw the consultation"),
            (S.RECEIVED, S.IN_ANALYSIS, S.AWAITING_COMPLEMENT),
            S.WITHDRAWN,
            who=(CITIZEN,),
            visibility=SEEN_BY_PARTIES,
            effects=(NOTIFY_STAFF,),
        ),
    )
)

ENROLMENT = TRIAGE + (
    Action(
        "approve",
        _("Approve the enrolment"),
        (S.IN_ANALYSIS, S.PENDING),
        S.APPROVED,
        visibility=SEEN_BY_PARTIES,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action(
        "mark_pending",
        _("Mark as pending"),
        (S.IN_ANALYSIS,),
        S.PENDING,
        reason_required=True,
        visibility=SEEN_BY_PARTIES,
        effects=(NOTIFY_CITIZEN,),
    ),
    Action(
        "refuse",
        _("Refuse the enrolment"),
        (S.IN_ANALYSIS, S.PENDING),
        S.REFUSED,
        reason_required=True,
        visibility=SEEN_BY_PARTIES,
        effects=(NOTIFY_CITIZEN,),
    ),
)

GENERIC = TRIAGE + (
    Action("close", _("Close the case"), (S.IN_ANALYSIS,), S.CLOSED, visibility=SEEN_BY_PARTIES),
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


def supplier_involved(case):
    """Whether the complaint has reached its supplier (who may then see it)."""
    return case.events.filter(kind=EventKind.TRANSITION, action="forward_to_supplier").exists()


def action_label(kind, name):
    action = actions_for(kind).get(name)
    return action.label if action else name


def _may(user, party, who, case):
    if party is not None:
        # The caller authenticated the party for this very case.
        return party in PARTIES and party in who
    return permissions.actor_may(user, who, case)


def pending_request(case, kind=EventKind.EXTENSION_REQUEST):
    """The party's latest request of `kind` (an EventKind) on `case` that no
    action has decided yet, or None. A request is only pending while an action
    that decides it is possible from the case's status, and lapses when the
    status changes (e.g. the supplier answers, or refuses the case)."""
    deciders = [a.name for a in actions_for(case.submission.kind).values() if a.decides == kind]
    if not any(
        case.submission.status in actions_for(case.submission.kind)[name].sources
        for name in deciders
    ):
        return None
    request = CaseEvent.objects.filter(case=case, kind=kind).order_by("-pk").first()
    if request is None:
        return None
    decided = (
        CaseEvent.objects.filter(case=case, kind=EventKind.TRANSITION, pk__gt=request.pk)
        .filter(Q(action__in=deciders) | ~Q(from_status=F("to_status")))
        .exists()
    )
    return None if decided else request


def allowed_actions(case, user, party=None):
    """The actions `user` (or the authenticated `party`) may take on `case` in its
    current status, in table order."""
    status = case.submission.status
    actions = [
        action
        for action in actions_for(case.submission.kind).values()
        if status in action.sources and _may(user, party, action.who, case)
    ]
    if any(action.needs_request for action in actions):
        pending = {
            a.decides for a in actions if a.needs_request and pending_request(case, a.decides)
        }
        actions = [a for a in actions if not a.needs_request or a.decides in pending]
    if case.deadline is None:
        actions = [a for a in actions if not a.extends]
    return actions


def common_actions(cases, user, eligible=None):
    """The actions `user` may take on every one of `cases` now (the bulk list's
    choices), among those `eligible(action)` accepts, in the first case's table
    order; none for no case."""
    common = None
    for case in cases:
        status = case.submission.status
        common = {
            action.name: action
            for action in actions_for(case.submission.kind).values()
            if status in action.sources
            and (common is None or action.name in common)
            and (eligible is None or eligible(action))
            and _may(user, None, action.who, case)
        }
        if not common:
            break
    return list((common or {}).values())


def _evaluation_score(value):
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise TransitionError(_("Give a score from 1 to 5."))
    return score


def _extension_days(value):
    limit = WorkflowSettings.load().max_extension_days
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= limit:
        raise TransitionError(_("Give a number of days from 1 to %(max)s.") % {"max": limit})
    return days


def _other_supplier(submission, data):
    """Point `submission` at the supplier staff named in `data` (CNPJ, and a name
    the supplier side fills from its registry when left blank); keeps the
    previous one in `data`."""
    try:
        cnpj = clean_cnpj(data.get("cnpj") or "")
    except ValidationError as error:
        raise TransitionError(error.messages[0]) from error
    if cnpj == normalise_cnpj(submission.supplier_cnpj):
        raise TransitionError(_("Give the CNPJ of another company."))
    name = " ".join(str(data.get("supplier_name") or "").split())[:255]
    data.update(
        {
            "cnpj": cnpj,
            "supplier_name": name,
            "previous_cnpj": submission.supplier_cnpj,
            "previous_supplier_name": submission.supplier_name,
        }
    )
    submission.supplier_cnpj, submission.supplier_name = cnpj, name
    return ["supplier_cnpj", "supplier_name"]


def _case_hearing(case, value):
    """The pk of `case`'s hearing named by `value`; refused otherwise."""
    from .models import Hearing

    if not str(value or "").isdigit() or not Hearing.objects.filter(pk=value, case=case).exists():
        raise TransitionError(_("Record the hearing on its own page."))
    return int(value)


def _iso_date(value):
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError as error:
        raise TransitionError(_("Give a valid date.")) from error


# Checks of the values an action reads from `data`, by key.
DATA_CHECKS = {"score": _evaluation_score, "days": _extension_days}


def apply(case, action, user, reason="", duplicate_of=None, today=None, party=None, data=None):
    """Check and take `action` (a name) on `case` as `user` (None: the system) or
    as an outside `party` ("citizen" or "supplier") the caller has authenticated
    for this case (`user` is then the supplier's representative, or None).

    In one transaction with the case row locked: change the status, stop or start
    the deadline, write the CaseEvent and queue the action's effects (run after
    commit). Raises TransitionError, changing nothing, when the action does not
    exist for this kind, is not allowed from the current status, the actor may not
    take it, or a required reason, duplicate, score, number of days, pending
    request or other supplier's CNPJ is missing.
    `data` carries the action's values (e.g. {"score": 4}); they are kept on the
    event.
    """
    reason = (reason or "").strip()
    data = dict(data or {})
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
        if not _may(user, party, step.who, case):
            raise TransitionError(
                _("You may not take the action “%(action)s” on this case.") % {"action": step.label}
            )
        if step.reason_required and not reason:
            raise TransitionError(_("“%(action)s” needs a reason.") % {"action": step.label})
        if step.decides:
            request = pending_request(case, step.decides)
            if request is None and step.needs_request:
                raise TransitionError(_("There is no request awaiting a decision."))
            if request is not None:
                data["request"] = request.pk
                data["requested_days"] = request.data.get("days")
        if step.extends and case.deadline is None:
            # A letter still on its way: the deadline starts at delivery, and
            # starting it then would undo days given now.
            raise TransitionError(
                _("The supplier's deadline has not started yet: the letter is not delivered.")
            )
        changed = ["status"]
        if step.needs_supplier:
            changed += _other_supplier(submission, data)
        if step.needs_duplicate_of:
            if duplicate_of is None or duplicate_of.pk == submission.pk:
                raise TransitionError(_("Give the protocol of another submission."))
            case.duplicate_of = duplicate_of
            data["duplicate_of"] = duplicate_of.protocol
            reason = reason or str(
                _("Duplicate of protocol %(protocol)s.") % {"protocol": duplicate_of.protocol}
            )
        needed = {value[5:] for _field, value in step.sets if str(value).startswith("data:")}
        if step.extends:
            needed.add("days")
        if step.hearing:
            data["hearing"] = _case_hearing(case, data.get("hearing"))
        if step.starts_from:
            data[step.starts_from] = _iso_date(data.get(step.starts_from))
        for key in needed:
            if key == "score" and party != CITIZEN and data.get(key) in (None, ""):
                data[key] = None  # staff recording an evaluation heard by phone
                continue
            data[key] = DATA_CHECKS[key](data.get(key))
        for field, value in step.sets:
            setattr(case, field, data[value[5:]] if str(value).startswith("data:") else value)

        previous = submission.status
        if step.target != previous or len(changed) > 1:
            submission.status = step.target
            submission.save(update_fields=changed)
        if step.extends:
            base = max(case.deadline, today or timezone.localdate())
            case.deadline = base + timezone.timedelta(days=data["days"])
            data["deadline"] = case.deadline.isoformat()
        elif step.holds:
            case.deadline = None
        elif step.target != previous:
            case.deadline, case.deadline_kind = None, ""
        if step.starts:
            days = WorkflowSettings.load().days_for(step.starts)
            base = today or timezone.localdate()
            if step.starts_from:
                base = date.fromisoformat(data[step.starts_from])
            case.deadline = base + timezone.timedelta(days=days)
            case.deadline_kind = step.starts
            data["deadline"] = case.deadline.isoformat()
        case.save()
        event = CaseEvent.objects.create(
            case=case,
            kind=EventKind.TRANSITION,
            action=step.name,
            actor=user,
            party=party or (Party.SYSTEM if user is None else Party.STAFF),
            from_status=previous,
            to_status=step.target,
            reason=reason,
            visibility=step.visibility,
            data=data,
        )
        case_transitioned.send(sender=Case, case=case, event=event, action=step)
        effects.queue(step.effects, case, event)
    return event
