"""What of a complaint the supplier receives: the consumer's account and the
documents, never the consumer's contact details (the Procon carries every
message between them) nor the declaration."""

from forms.roles import Role
from inbox.files import shared_with_supplier

# Fields the supplier never sees, by role.
NOT_SHARED_ROLES = {Role.CONSUMER_EMAIL, Role.CONSUMER_PHONE, Role.DECLARATION}


def shared_answers(submission):
    """(step title, [(label, text)]) of the complaint, without the fields above."""
    from forms.blocks import display_answer

    rows = []
    for step in submission.schema.get("steps", []):
        items = [
            (
                definition["label"],
                display_answer(definition, submission.form_data[definition["key"]]),
            )
            for definition in step["fields"]
            if definition["key"] in submission.form_data
            and definition["type"] not in ("hidden", "file")
            and definition.get("role") not in NOT_SHARED_ROLES
        ]
        if items:
            rows.append((step["title"], items))
    return rows


def shared_documents(submission):
    """The case's files: the consumer's and those the supplier sent (not the files
    the consumer sent with a message to the Procon, which stay between them)."""
    return shared_with_supplier(submission.attachments.all())
