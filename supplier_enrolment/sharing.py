"""What of a complaint the supplier receives (LGPD art. 6 III, as the privacy
notice says): the consumer's name, CPF (so the company finds its customer) and
municipality, the complaint itself, and the documents shared with it. Never the
consumer's contact details (the Procon carries every message between them),
street address, CEP, other personal answers, nor the declaration."""

from django.utils.translation import gettext as _

from forms.roles import Role
from inbox.files import shared_with_supplier

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


def _shared_item(definition, stored):
    from forms.blocks import display_answer

    if definition.get("role") == Role.CONSUMER_ADDRESS:
        # Of the consumer's postal address, the supplier learns the town (which
        # the complaint form used to ask alone), never the street.
        municipality = stored.get("municipality") if isinstance(stored, dict) else None
        if not isinstance(municipality, dict):
            return None
        place = f"{municipality.get('name', '')}/{municipality.get('state', '')}"
        return (_("Consumer's municipality"), place)
    return (definition["label"], display_answer(definition, stored))


def shared_answers(submission):
    """(step title, [(label, text)]) of the complaint, without the fields above."""
    rows = []
    for step in submission.schema.get("steps", []):
        items = [
            _shared_item(definition, submission.form_data[definition["key"]])
            for definition in step["fields"]
            if definition["key"] in submission.form_data and is_shared(definition)
        ]
        items = [item for item in items if item]
        if items:
            rows.append((step["title"], items))
    return rows


def shared_documents(submission):
    """The case's files shared with the supplier: those it sent, and the
    consumer's whose kind is shared by default (not identity documents, nor the
    files sent with a message to the Procon) or that staff shared."""
    return shared_with_supplier(submission.attachments.all())
