"""What of a complaint the supplier receives: the consumer's account and the
documents, never the consumer's contact details (the Procon carries every
message between them) nor the declaration."""

from forms.roles import Role
from inbox.files import shared_with_supplier

from .texts import ACCOUNT, CONSUMER, ROLE_LABELS, SECTION_TITLES

# Fields the supplier never sees, by role.
NOT_SHARED_ROLES = {Role.CONSUMER_EMAIL, Role.CONSUMER_PHONE, Role.DECLARATION}


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
            if (
                definition["key"] not in submission.form_data
                or definition["type"] in ("hidden", "file")
                or role in NOT_SHARED_ROLES
            ):
                continue
            item = _shared_item(definition, submission.form_data[definition["key"]])
            if item and item[1] not in ("", None):
                sections[section].append(item)
    return [(SECTION_TITLES[name], items) for name, items in sections.items() if items]


def shared_documents(submission):
    """The case's files: the consumer's and those the supplier sent (not the files
    the consumer sent with a message to the Procon, which stay between them)."""
    return shared_with_supplier(submission.attachments.all())
