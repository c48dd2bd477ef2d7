"""The supplier side's part in data-subject requests and retention (the
`privacy` app's hooks, registered in `wagtail_hooks`).

What this app keeps about a complaint: which supplier it went to
(`ForwardedCase`), the letters sent by post (`Letter`: the supplier's name and
address, never the consumer's; the PDF is drawn from the submission each time,
so an anonymised submission prints no personal data), and what the supplier
wrote in its answer's event data (the proposed solution and the names of the
files it sent, which may name the consumer). The privacy app already clears the
events' text and deletes the files.
"""

from inbox.models import CaseEvent

from .models import ForwardedCase, Letter

# Keys of a case event's data written from the supplier's free text.
PERSONAL_EVENT_DATA = ("proposed_solution", "attachment_names")


def export_submission(submission):
    """For `privacy_export_submission`: the forwarding, the letters and the
    supplier's proposed solutions."""
    forwarding = (
        ForwardedCase.objects.filter(case_id=submission.pk).select_related("supplier").first()
    )
    if forwarding is None:
        return {}
    letters = Letter.objects.filter(case_id=submission.pk).order_by("created_at", "pk")
    answers = CaseEvent.objects.filter(
        case_id=submission.pk, data__has_key="proposed_solution"
    ).order_by("created_at", "pk")
    return {
        "supplier": {
            "name": str(forwarding.supplier) if forwarding.supplier else "",
            "cnpj": forwarding.supplier.cnpj if forwarding.supplier else "",
            "forwarded_at": forwarding.forwarded_at.isoformat(),
            "notified_by_post": forwarding.by_post,
            "letters": [
                {
                    "addressee": letter.addressee,
                    "status": letter.status,
                    "created_at": letter.created_at.isoformat(),
                    "tracking_code": letter.tracking_code,
                    "posted_at": letter.posted_at.isoformat() if letter.posted_at else None,
                    "delivered_on": (
                        letter.delivered_on.isoformat() if letter.delivered_on else None
                    ),
                }
                for letter in letters
            ],
            "proposed_solutions": [
                {"at": event.created_at.isoformat(), "text": event.data["proposed_solution"]}
                for event in answers
                if event.data.get("proposed_solution")
            ],
        }
    }


def anonymise_submission(submission):
    """For `privacy_anonymise_submission`: the supplier's free text kept in the
    events' data. (Letters and the forwarding hold the supplier's data only.)"""
    for event in CaseEvent.objects.filter(case_id=submission.pk).exclude(data={}):
        data = {key: value for key, value in event.data.items() if key not in PERSONAL_EVENT_DATA}
        if data != event.data:
            event.data = data
            event.save(update_fields=["data"])
