"""What of a complaint the supplier receives (LGPD art. 6 III, as the privacy
notice says): the consumer's name, CPF (so the company finds its customer) and
municipality, the complaint itself, and the documents shared with it. Never the
consumer's contact details (the Procon carries every message between them),
street address, CEP, other personal answers, nor the declaration."""

from forms.roles import Role
from inbox.files import shared_with_supplier

from .texts import ACCOUNT, CONSUMER, ROLE_LABELS, SECTION_TITLES

# Fields the supplier never sees, by role.
NOT_SHARED_ROLES = {
    Role.CONSUMER_EMAIL,
    Role.CONSUMER_PHONE,
    Role.CONSUMER_CEP,
    Role.REPRESENTATIVE_NAME,
    Role.REPRESENTATIVE_CPF,
    Role.REPRESENTATIVE_EMAIL,
    Role.REPRESENTATIVE_PHONE,
    Role.DECLARATION,
}
# Field types that hold personal data: not shared, except the consumer's CPF
# and (as its municipality only) the consumer's postal address.
PERSONAL_TYPES = {"email", "phone", "cep", "cpf", "address"}
SHARED_PERSONAL_ROLES = {Role.CONSUMER_CPF, Role.CONSUMER_ADDRESS}


def is_shared(definition):
    """Whether the supplier receives the answer of the field `definition`."""
    role = definition.get("role") or ""
    if definition["type"] in ("hidden", "file", "declaration") or role in NOT_SHARED_ROLES:
        return False
    return definition["type"] not in PERSONAL_TYPES or role in SHARED_PERSONAL_ROLES


def _section(role, previous):
    """The section a field goes under: its role's; a field without a known role
    stays in the section of the field before it in its step."""
    if role in ROLE_LABELS:
        return ROLE_LABELS[role][0]
    if role and role.startswith("consumer_"):
        return CONSUMER
    return previous


def _shared_item(definition, stored):
    from forms.blocks import display_answer

    role = definition.get("role")
    label = ROLE_LABELS[role][1] if role in ROLE_LABELS else definition["label"]
    if role == Role.CONSUMER_ADDRESS:
        # Of the consumer's postal address, the supplier learns the town (which
        # the complaint form used to ask alone), never the street.
        municipality = stored.get("municipality") if isinstance(stored, dict) else None
        if not isinstance(municipality, dict):
            return None
        place = f"{municipality.get('name', '')}/{municipality.get('state', '')}"
        return (label, place)
    return (label, display_answer(definition, stored))


def shared_answers(submission):
    """[(section, [(label, text)])]: the complaint as the company reads it, under
    "Consumer", "Account" and "Request", each answer labelled by its role (the
    form's questions are written for the citizen), without the fields above."""
    sections = {name: [] for name in SECTION_TITLES}
    for step in submission.schema.get("steps", []):
        section = ACCOUNT
        for definition in step["fields"]:
            role = definition.get("role") or ""
            section = _section(role, section)
            if definition["key"] not in submission.form_data or not is_shared(definition):
                continue
            item = _shared_item(definition, submission.form_data[definition["key"]])
            if item and item[1] not in ("", None):
                sections[section].append(item)
    return [(SECTION_TITLES[name], items) for name, items in sections.items() if items]


def shared_documents(submission):
    """The case's files shared with the supplier: those it sent, and the
    consumer's whose kind is shared by default (not identity documents, nor the
    files sent with a message to the Procon) or that staff shared."""
    return shared_with_supplier(submission.attachments.all())
