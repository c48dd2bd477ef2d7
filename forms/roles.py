"""Field roles: what a field means, independent of its label.

Editors tag fields with a role; workflow code reads roles, never labels, so a
form can be reworded or reordered without breaking the inbox.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CONSUMER_NAME = "consumer_name", _("Consumer: name")
    CONSUMER_CPF = "consumer_cpf", _("Consumer: CPF")
    CONSUMER_EMAIL = "consumer_email", _("Consumer: email")
    CONSUMER_PHONE = "consumer_phone", _("Consumer: phone")
    CONSUMER_MUNICIPALITY = "consumer_municipality", _("Consumer: municipality")
    CONSUMER_CEP = "consumer_cep", _("Consumer: CEP")
    CONSUMER_ADDRESS = "consumer_address", _("Consumer: postal address")
    SUPPLIER_NAME = "supplier_name", _("Supplier: name")
    SUPPLIER_CNPJ = "supplier_cnpj", _("Supplier: CNPJ")
    SUPPLIER_WEBSITE = "supplier_website", _("Supplier: website")
    PURCHASE_DATE = "purchase_date", _("Purchase date")
    PURCHASE_CHANNEL = "purchase_channel", _("How it was bought")
    AMOUNT = "amount", _("Amount")
    SUBJECT = "subject", _("Subject")
    PROBLEM = "problem", _("Problem")
    DESCRIPTION = "description", _("Description")
    CONTACTED_SUPPLIER = "contacted_supplier", _("Contacted the supplier first")
    SUPPLIER_PROTOCOL = "supplier_protocol", _("Supplier's customer-service protocol")
    DESIRED_OUTCOME = "desired_outcome", _("Desired outcome")
    QUESTION = "question", _("Question")
    COMPANY_LEGAL_NAME = "company_legal_name", _("Company: legal name")
    COMPANY_TRADE_NAME = "company_trade_name", _("Company: trade name")
    COMPANY_CNPJ = "company_cnpj", _("Company: CNPJ")
    COMPANY_EMAIL = "company_email", _("Company: email")
    COMPANY_PHONE = "company_phone", _("Company: phone")
    COMPANY_ADDRESS = "company_address", _("Company: address")
    REPRESENTATIVE_NAME = "representative_name", _("Representative: name")
    REPRESENTATIVE_CPF = "representative_cpf", _("Representative: CPF")
    REPRESENTATIVE_EMAIL = "representative_email", _("Representative: email")
    REPRESENTATIVE_PHONE = "representative_phone", _("Representative: phone")
    # Further representatives, one group of fields each (a new group starts at
    # each name): the enrolment names them all.
    OTHER_REPRESENTATIVE_NAME = "other_representative_name", _("Another representative: name")
    OTHER_REPRESENTATIVE_CPF = "other_representative_cpf", _("Another representative: CPF")
    OTHER_REPRESENTATIVE_EMAIL = "other_representative_email", _("Another representative: email")
    OTHER_REPRESENTATIVE_PHONE = "other_representative_phone", _("Another representative: phone")
    AUTHORITY_PROOF = "authority_proof", _("Company: proof of the representatives' authority")
    DECLARATION = "declaration", _("Declaration")


# Roles whose values fill indexed columns must come from a field type that
# guarantees the format those columns expect.
ROLE_FIELD_TYPES = {
    Role.CONSUMER_CPF: {"cpf"},
    Role.REPRESENTATIVE_CPF: {"cpf"},
    Role.OTHER_REPRESENTATIVE_CPF: {"cpf"},
    Role.AUTHORITY_PROOF: {"file"},
    Role.CONSUMER_EMAIL: {"email"},
    Role.COMPANY_EMAIL: {"email"},
    Role.REPRESENTATIVE_EMAIL: {"email"},
    Role.OTHER_REPRESENTATIVE_EMAIL: {"email"},
    Role.CONSUMER_MUNICIPALITY: {"municipality"},
    Role.CONSUMER_CEP: {"cep"},
    Role.CONSUMER_ADDRESS: {"address"},
    Role.SUPPLIER_CNPJ: {"cnpj"},
    Role.COMPANY_CNPJ: {"cnpj"},
    Role.SUPPLIER_NAME: {"supplier", "singleline"},
    Role.AMOUNT: {"money"},
    Role.PURCHASE_DATE: {"date"},
    Role.PROBLEM: {"problem"},
}

# Roles a form may give to several fields: one group of fields per further
# representative (see supplier_enrolment.enrolment.representatives_named).
REPEATABLE_ROLES = {
    Role.OTHER_REPRESENTATIVE_NAME,
    Role.OTHER_REPRESENTATIVE_CPF,
    Role.OTHER_REPRESENTATIVE_EMAIL,
    Role.OTHER_REPRESENTATIVE_PHONE,
}

# Where the receipt goes: the first of these roles the form has.
EMAIL_ROLES = (Role.CONSUMER_EMAIL, Role.REPRESENTATIVE_EMAIL, Role.COMPANY_EMAIL)


# --- what each role is for: the editor's chooser and the go-live checklist ------------

COMPLAINT = "complaint"
CONSULTATION = "consultation"
ENROLMENT = "enrolment"
GENERIC = "generic"

# What the inbox (and the rest of the site) does with each answer, for editors.
ROLE_HELP = {
    Role.CONSUMER_NAME: _("Names the case in the inbox, the letters and the e-mails."),
    Role.CONSUMER_CPF: _(
        "Finds the citizen's other cases (possible duplicates) and is given to the supplier "
        "to find its customer."
    ),
    Role.CONSUMER_EMAIL: _(
        "Receives the receipt with the protocol and every message about the case."
    ),
    Role.CONSUMER_PHONE: _("Shown to staff, to call the citizen if needed."),
    Role.CONSUMER_MUNICIPALITY: _("Filters the inbox and the public indicators by municipality."),
    Role.CONSUMER_CEP: _("Checked against the state; shown to staff."),
    Role.CONSUMER_ADDRESS: _(
        "Staff's postal address for the citizen; it also gives the CEP and the municipality."
    ),
    Role.SUPPLIER_NAME: _(
        "The company complained about: the case goes to it (online when enrolled, by letter "
        "otherwise) and counts in its public indicators."
    ),
    Role.SUPPLIER_CNPJ: _("Identifies the company complained about when it is typed apart."),
    Role.SUPPLIER_WEBSITE: _("Shown to staff and to the supplier."),
    Role.PURCHASE_DATE: _("Shown to staff and to the supplier."),
    Role.PURCHASE_CHANNEL: _("Shown to staff and counted in the indicators."),
    Role.AMOUNT: _("Shown to staff and to the supplier; summed in reports."),
    Role.SUBJECT: _("Sorts consultations in the inbox."),
    Role.PROBLEM: _(
        "Classifies the complaint (topic, subject, problem) for the inbox, the "
        "indicators and the guidance suggested to the citizen."
    ),
    Role.DESCRIPTION: _("The citizen's account, sent to the supplier with the complaint."),
    Role.CONTACTED_SUPPLIER: _("Shown to staff at triage."),
    Role.SUPPLIER_PROTOCOL: _("Shown to staff and to the supplier."),
    Role.DESIRED_OUTCOME: _("What the citizen asks for, sent to the supplier."),
    Role.QUESTION: _("The consultation's question, answered by staff."),
    Role.COMPANY_LEGAL_NAME: _("The enrolling company's legal name in the supplier register."),
    Role.COMPANY_TRADE_NAME: _("The name citizens know the company by, in the register."),
    Role.COMPANY_CNPJ: _("The enrolling company: its register entry is found or made by it."),
    Role.COMPANY_EMAIL: _("The company's e-mail in the register."),
    Role.COMPANY_PHONE: _("The company's phone in the register."),
    Role.COMPANY_ADDRESS: _("Where letters to the company go."),
    Role.REPRESENTATIVE_NAME: _("The representative's name on their supplier-area account."),
    Role.REPRESENTATIVE_CPF: _("The representative's CPF, checked before approval."),
    Role.REPRESENTATIVE_EMAIL: _(
        "Receives the link to set the supplier-area password once staff approve."
    ),
    Role.REPRESENTATIVE_PHONE: _("Shown to staff reviewing the enrolment."),
    Role.OTHER_REPRESENTATIVE_NAME: _(
        "Starts another representative: each gets a supplier-area account on approval."
    ),
    Role.OTHER_REPRESENTATIVE_CPF: _("That representative's CPF, checked before approval."),
    Role.OTHER_REPRESENTATIVE_EMAIL: _(
        "That representative receives the link to set a password once staff approve."
    ),
    Role.OTHER_REPRESENTATIVE_PHONE: _("Shown to staff reviewing the enrolment."),
    Role.AUTHORITY_PROOF: _(
        "The power of attorney or articles of association staff check before approving; "
        "never shown outside the Procon."
    ),
    Role.DECLARATION: _("A statement the person must agree to; kept with the answers."),
}

# Roles by the kind of form they belong to, as the editor's chooser groups them.
ROLE_GROUPS = [
    (
        _("The citizen (any form)"),
        [
            Role.CONSUMER_NAME,
            Role.CONSUMER_CPF,
            Role.CONSUMER_EMAIL,
            Role.CONSUMER_PHONE,
            Role.CONSUMER_MUNICIPALITY,
            Role.CONSUMER_CEP,
            Role.CONSUMER_ADDRESS,
            Role.DECLARATION,
        ],
    ),
    (
        _("Complaint: the company and the purchase"),
        [
            Role.SUPPLIER_NAME,
            Role.SUPPLIER_CNPJ,
            Role.SUPPLIER_WEBSITE,
            Role.PURCHASE_DATE,
            Role.PURCHASE_CHANNEL,
            Role.AMOUNT,
            Role.PROBLEM,
            Role.DESCRIPTION,
            Role.CONTACTED_SUPPLIER,
            Role.SUPPLIER_PROTOCOL,
            Role.DESIRED_OUTCOME,
        ],
    ),
    (_("Consultation"), [Role.SUBJECT, Role.QUESTION]),
    (
        _("Supplier enrolment"),
        [
            Role.COMPANY_LEGAL_NAME,
            Role.COMPANY_TRADE_NAME,
            Role.COMPANY_CNPJ,
            Role.COMPANY_EMAIL,
            Role.COMPANY_PHONE,
            Role.COMPANY_ADDRESS,
            Role.REPRESENTATIVE_NAME,
            Role.REPRESENTATIVE_CPF,
            Role.REPRESENTATIVE_EMAIL,
            Role.REPRESENTATIVE_PHONE,
            Role.OTHER_REPRESENTATIVE_NAME,
            Role.OTHER_REPRESENTATIVE_CPF,
            Role.OTHER_REPRESENTATIVE_EMAIL,
            Role.OTHER_REPRESENTATIVE_PHONE,
            Role.AUTHORITY_PROOF,
        ],
    ),
]

GROUPED_CHOICES = [
    (heading, [(role.value, role.label) for role in roles]) for heading, roles in ROLE_GROUPS
]

_CITIZEN = set(ROLE_GROUPS[0][1])
# The roles a kind of form may use, and those it cannot go live without.
KIND_ROLES = {
    COMPLAINT: _CITIZEN | set(ROLE_GROUPS[1][1]),
    CONSULTATION: _CITIZEN | set(ROLE_GROUPS[2][1]),
    ENROLMENT: set(ROLE_GROUPS[3][1]) | {Role.DECLARATION},
    GENERIC: _CITIZEN,
}
REQUIRED_ROLES = {
    COMPLAINT: [
        Role.CONSUMER_NAME,
        Role.CONSUMER_CPF,
        Role.CONSUMER_EMAIL,
        Role.SUPPLIER_NAME,
        Role.PROBLEM,
        Role.DESCRIPTION,
    ],
    CONSULTATION: [Role.CONSUMER_NAME, Role.CONSUMER_EMAIL, Role.QUESTION],
    ENROLMENT: [
        Role.COMPANY_CNPJ,
        Role.COMPANY_LEGAL_NAME,
        Role.COMPANY_EMAIL,
        Role.REPRESENTATIVE_NAME,
        Role.REPRESENTATIVE_CPF,
        Role.REPRESENTATIVE_EMAIL,
        Role.AUTHORITY_PROOF,
    ],
    GENERIC: [],
}
# Kinds whose review page must carry a declaration the citizen ticks.
DECLARATION_KINDS = {COMPLAINT, ENROLMENT}
