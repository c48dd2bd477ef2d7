"""What a company reads: the complaint under labels by role (not the questions
as the form asked them of the citizen), and the case's events named for no
party in particular (not the staff's command labels)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forms.roles import Role
from inbox.statuses import status_label

CONSUMER = "consumer"
ACCOUNT = "account"
REQUEST = "request"

SECTION_TITLES = {
    CONSUMER: pgettext_lazy("complaint section", "Consumer"),
    ACCOUNT: pgettext_lazy("complaint section", "Account"),
    REQUEST: pgettext_lazy("complaint section", "Request"),
}

# role: (section, label). Fields without a role keep the form's label and join
# the section of the field before them.
ROLE_LABELS = {
    Role.CONSUMER_NAME: (CONSUMER, _("Name")),
    Role.CONSUMER_CPF: (CONSUMER, _("CPF")),
    Role.CONSUMER_MUNICIPALITY: (CONSUMER, _("Municipality")),
    Role.CONSUMER_CEP: (CONSUMER, _("CEP")),
    Role.CONSUMER_ADDRESS: (CONSUMER, _("Municipality")),
    Role.SUPPLIER_NAME: (ACCOUNT, _("Company complained about")),
    Role.SUPPLIER_CNPJ: (ACCOUNT, _("CNPJ of the company")),
    Role.SUPPLIER_WEBSITE: (ACCOUNT, _("Company's website")),
    Role.SUBJECT: (ACCOUNT, _("Subject")),
    Role.PROBLEM: (ACCOUNT, _("Problem")),
    Role.PURCHASE_DATE: (ACCOUNT, _("Date of purchase or contract")),
    Role.PURCHASE_CHANNEL: (ACCOUNT, _("How it was bought")),
    Role.AMOUNT: (ACCOUNT, _("Amount paid")),
    Role.CONTACTED_SUPPLIER: (ACCOUNT, _("Contacted the company first")),
    Role.SUPPLIER_PROTOCOL: (ACCOUNT, _("Customer service (SAC) protocol")),
    Role.DESCRIPTION: (ACCOUNT, _("What happened")),
    Role.QUESTION: (ACCOUNT, _("Question")),
    Role.DESIRED_OUTCOME: (REQUEST, _("What the consumer asks for")),
}

# Titles of the timeline's status changes as the company reads them.
EVENT_TITLES = {
    "accept": _("Complaint accepted for analysis"),
    "reject": _("Complaint rejected"),
    "mark_duplicate": _("Complaint joined to another protocol"),
    "request_complement": _("More information asked of the consumer"),
    "receive_complement": _("The consumer sent more information"),
    "complement_expired": _("Closed: the consumer did not send the information asked"),
    "forward_to_supplier": _("Complaint forwarded to the company"),
    "record_supplier_answer": _("The company answered"),
    "supplier_refuse": _("The company refused the complaint"),
    "redirect_to_supplier": _("Complaint sent to another company"),
    "supplier_deadline_expired": _("The deadline to answer passed"),
    "ask_evaluation": _("The consumer was asked to evaluate the answer"),
    "record_resolved": _("The consumer's evaluation: resolved"),
    "record_not_resolved": _("The consumer's evaluation: not resolved"),
    "evaluation_expired": _("Closed without the consumer's evaluation"),
    "open_administrative_process": _("Administrative process opened"),
    "decide": _("Decision of the Procon"),
    "appeal": _("Appeal filed"),
    "judge_appeal": _("Appeal judged"),
    "appeal_expired": _("Closed: no appeal in time"),
    "close": _("Case closed"),
    "withdraw": _("The consumer withdrew the complaint"),
}


def event_title(event):
    """The timeline title of a status change, for the company."""
    title = EVENT_TITLES.get(event.action)
    if title:
        return title
    return _("Status changed to “%(status)s”") % {"status": status_label(event.to_status)}
