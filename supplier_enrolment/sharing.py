"""What of a complaint the supplier receives: the consumer's account and the
documents, never the consumer's contact details (the Procon carries every
message between them) nor the declaration."""

from django.utils.translation import gettext as _

from forms.roles import Role
from inbox.files import shared_with_supplier

# Fields the supplier never sees, by role.
NOT_SHARED_ROLES = {Role.CONSUMER_EMAIL, Role.CONSUMER_PHONE, Role.DECLARATION}


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
            if definition["key"] in submission.form_data
            and definition["type"] not in ("hidden", "file")
            and definition.get("role") not in NOT_SHARED_ROLES
        ]
        items = [item for item in items if item]
        if items:
            rows.append((step["title"], items))
    return rows


def shared_documents(submission):
    """The case's files: the consumer's and those the supplier sent (not the files
    the consumer sent with a message to the Procon, which stay between them)."""
    return shared_with_supplier(submission.attachments.all())
