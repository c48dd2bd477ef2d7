"""What each status means to the citizen and what happens next, in plain words."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from inbox.models import DeadlineKind, Party
from inbox.statuses import Status, status_label

S = Status

# status: (what it means, what happens next)
EXPLANATIONS = {
    S.RECEIVED: (
        _("We received your request. It is waiting for a first reading by our team."),
        _("An attendant will check that the request is complete and can be handled here."),
    ),
    S.IN_ANALYSIS: (
        _("Our team is analysing your request."),
        _(
            "If everything is in order, a complaint is sent to the company; a consultation "
            "is answered. We may ask you for more information."
        ),
    ),
    S.REJECTED: (
        _("Your request could not be accepted. The reason is in the history below."),
        _(
            "Nothing else happens with this protocol. You may send a new request if the "
            "reason allows."
        ),
    ),
    S.AWAITING_COMPLEMENT: (
        _("We need more information or documents from you to go on."),
        _("Send what was asked before the deadline. Without it, the request may be closed."),
    ),
    S.SPAM: (
        _("This request was closed without analysis."),
        _("Nothing else happens with this protocol."),
    ),
    S.DUPLICATE: (
        _("This request repeats another one; it is handled under the other protocol."),
        _("Follow the other protocol named in the history below."),
    ),
    S.NOTIFIED_SUPPLIER: (
        _("Your complaint was sent to the company, which must answer within the deadline."),
        _("When the company answers, we show its answer here and ask you to evaluate it."),
    ),
    S.SUPPLIER_ANSWERED: (
        _("The company answered your complaint. Its answer is shown on this page."),
        _("Our team reads the answer and then asks you to evaluate it."),
    ),
    S.SUPPLIER_REFUSED: (
        _("The company refused the complaint and gave a reason, shown below."),
        _("Our team checks the reason and tells you what happens next."),
    ),
    S.DEADLINE_EXPIRED: (
        _("The company did not answer within the deadline."),
        _("Our team decides the next step, which may be an administrative process."),
    ),
    S.AWAITING_EVALUATION: (
        _("We are waiting for you to say whether the company solved your problem."),
        _(
            "Evaluate the answer before the deadline: resolved or not resolved, with a "
            "score from 1 to 5. Without an evaluation the complaint is closed."
        ),
    ),
    S.RESOLVED: (
        _("You told us the company solved your problem."),
        _("The complaint will be closed."),
    ),
    S.NOT_RESOLVED: (
        _("You told us the company did not solve your problem."),
        _("Our team decides whether to open an administrative process against the company."),
    ),
    S.HEARING_SCHEDULED: (
        _(
            "The Procon called you and the company to a conciliation hearing, to seek an "
            "agreement. The date and place are below."
        ),
        _(
            "Attend the hearing. The outcome and its minutes (ata) will be shown here. If you "
            "cannot come, you may ask once for another date."
        ),
    ),
    S.AGREEMENT: (
        _("You and the company reached an agreement at the hearing. Its terms are below."),
        _(
            "From the agreement's due date, tell us here whether it was kept. If it was, the "
            "complaint is closed; if not, the Procon takes the next step."
        ),
    ),
    S.CONCILIATION_FAILED: (
        _("There was no agreement at the conciliation hearing."),
        _("Our team decides the next step, which may be an administrative process."),
    ),
    S.AGREEMENT_BROKEN: (
        _("You told us the company did not keep the agreement."),
        _("Our team decides the next step, which may be an administrative process."),
    ),
    S.ADMINISTRATIVE_PROCESS: (
        _("An administrative process was opened against the company."),
        _("There may be a conciliation hearing; then the Procon decides."),
    ),
    S.DECIDED: (
        _("The Procon decided the process. The decision is in the history below."),
        _("The company may appeal within the deadline; then the case is closed."),
    ),
    S.APPEALED: (
        _("The company appealed the decision."),
        _("The appeal is judged and the case is closed."),
    ),
    S.WITHDRAWN: (
        _("You withdrew this complaint."),
        _("Nothing else happens with this protocol."),
    ),
    S.ANSWERED: (
        _("The Procon answered your consultation. The answer is in the history below."),
        _("The consultation will be closed. If the problem goes on, you may file a complaint."),
    ),
    S.APPROVED: (
        _("The enrolment was approved."),
        _("The representative receives access to the supplier area."),
    ),
    S.PENDING: (
        _("The enrolment has something pending; see the history below."),
        _("Our team waits for what is missing."),
    ),
    S.REFUSED: (
        _("The enrolment was refused. The reason is in the history below."),
        _("Nothing else happens with this protocol."),
    ),
    S.CLOSED: (
        _("This case is closed."),
        _("Nothing else happens with this protocol. You may download its data below."),
    ),
}

DEADLINE_LABELS = {
    DeadlineKind.SUPPLIER_ANSWER: _("Deadline for the company to answer"),
    DeadlineKind.CONSUMER_EVALUATION: _("Deadline for your evaluation"),
    DeadlineKind.COMPLEMENT: _("Deadline to send what was asked"),
    DeadlineKind.APPEAL: _("Deadline for an appeal"),
    DeadlineKind.HEARING: _("Date of the conciliation hearing"),
    DeadlineKind.AGREEMENT: _("Deadline to tell us whether the agreement was kept"),
}


def citizen_status_label(status):
    """The status as the citizen reads it ("spam" is staff's word)."""
    if status == S.SPAM:
        return status_label(S.CLOSED)
    return status_label(status)


# Where a kind of request reads differently: (kind, status): (meaning, next).
KIND_EXPLANATIONS = {
    ("consultation", S.WITHDRAWN): (
        _("You withdrew this consultation."),
        _("Nothing else happens with this protocol."),
    ),
}


def explanation(status, kind=None):
    """(what it means, what happens next) for `status` of a request of `kind`."""
    found = KIND_EXPLANATIONS.get((kind, status)) or EXPLANATIONS.get(status)
    return found or (_("Your request is being handled."), "")


# Titles of the timeline entries a citizen reads, by event action or kind.
ACTION_TITLES = {
    "record_supplier_answer": _("The company answered"),
    "supplier_refuse": _("The company refused the complaint"),
    "receive_complement": _("You sent more information"),
    "record_resolved": _("You evaluated: resolved"),
    "record_not_resolved": _("You evaluated: not resolved"),
    "withdraw": _("You withdrew the complaint"),
    "request_complement": _("The Procon asked for more information"),
    "decide": _("Decision of the Procon"),
    "answer": _("Answer of the Procon"),
    "accept_refusal": _("The Procon accepted the company's refusal and closed the complaint"),
    "redirect_to_supplier": _("The Procon sent your complaint to the right company"),
    "reject_refusal": _("The Procon rejected the company's refusal: the company must answer"),
    "schedule_hearing": _("The Procon scheduled a conciliation hearing"),
    "reschedule_hearing": _("The Procon moved the conciliation hearing"),
    "deny_reschedule": _("The Procon kept the hearing's date"),
    "record_agreement": _("Agreement reached at the hearing"),
    "record_no_agreement": _("No agreement at the hearing"),
    "record_consumer_absence": _("You did not attend the hearing: the complaint was filed"),
    "record_supplier_absence": _("The company did not attend the hearing"),
    "agreement_kept": _("You told us the agreement was kept"),
    "agreement_broken": _("You told us the agreement was not kept"),
    "agreement_confirmation_expired": _("Closed: the agreement counts as kept"),
}
# Titles that name the deadline the event moved to.
DEADLINE_TITLES = {
    "grant_extension": _("The company got more time to answer, until %(date)s"),
}
KIND_ACTION_TITLES = {
    ("consultation", "withdraw"): _("You withdrew the consultation"),
}
KIND_TITLES = {
    "opened": _("Request sent"),
    "message": _("Message from the Procon"),
    "citizen_message": _("Your message"),
}


def event_title(event, kind=None):
    """The timeline title of `event`, on a request of `kind` (a FormKind)."""
    if event.kind == "transition":
        if event.action in DEADLINE_TITLES and event.deadline_date:
            return DEADLINE_TITLES[event.action] % {
                "date": date_format(event.deadline_date, "DATE_FORMAT")
            }
        title = KIND_ACTION_TITLES.get((kind, event.action)) or ACTION_TITLES.get(event.action)
        if title:
            return title
        return _("Status changed to “%(status)s”") % {
            "status": citizen_status_label(event.to_status)
        }
    return KIND_TITLES.get(event.kind, "")


# Who sent a file, as the citizen reads it.
SENDERS = {
    Party.CITIZEN: _("you"),
    Party.SUPPLIER: _("the company"),
    Party.STAFF: _("the Procon"),
}
SENT_BY = {
    Party.CITIZEN: _("Sent by you on %(date)s"),
    Party.SUPPLIER: _("Sent by the company on %(date)s"),
    Party.STAFF: _("Sent by the Procon on %(date)s"),
}


def sender_label(party):
    """ "you", "the company" or "the Procon" (the system acts for the Procon)."""
    return SENDERS.get(party, SENDERS[Party.STAFF])


def sent_by(party, when):
    """E.g. "Sent by the company on 6 May 2026 at 14:30", in the local time (in
    Portuguese, "Enviado pela empresa em 6 de maio de 2026 às 14:30")."""
    text = SENT_BY.get(party, SENT_BY[Party.STAFF])
    return text % {"date": date_format(timezone.localtime(when), "DATETIME_FORMAT")}


def withdrawn_message(kind):
    """What the citizen reads once the request is withdrawn."""
    if kind == "consultation":
        return _("Your consultation was withdrawn.")
    return _("Your complaint was withdrawn.")
