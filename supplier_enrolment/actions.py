"""What a supplier does on a case, each through the inbox's workflow or case
API: answer (with documents and a proposed solution), refuse, ask for more
time, reply to the Procon, ask once for another hearing date, appeal a
decision."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import storage
from core.uploads import MB, check_upload
from forms.models import Attachment
from inbox import cases, hearings, workflow
from inbox.statuses import FINAL, Status

logger = logging.getLogger(__name__)

ANSWER_FIELD_KEY = "supplier_answer"
ANSWER_KINDS = ["pdf", "jpeg", "png", "heic", "webp", "docx", "odt"]
ANSWER_MAX_BYTES = 10 * MB
ANSWER_MAX_FILES = 10
MAX_SOLUTION_LENGTH = 2000


class RefusalReason:
    DUPLICATE = "duplicate"
    NO_CONSUMER_RELATIONSHIP = "no_consumer_relationship"
    WRONG_SUPPLIER = "wrong_supplier"
    OTHER = "other"

    CHOICES = [
        (DUPLICATE, _("Duplicate: the same complaint was already registered")),
        (NO_CONSUMER_RELATIONSHIP, _("There is no consumer relationship")),
        (WRONG_SUPPLIER, _("Wrong supplier: the complaint is about another company")),
        (OTHER, _("Another reason")),
    ]


def available(case, actor):
    """The supplier actions open on `case` now, as a set of names (the
    workflow's, plus "extension" and "reply")."""
    names = {a.name for a in workflow.allowed_actions(case, None, party=workflow.SUPPLIER)}
    if "appeal" in names and not appeal_open(case):
        names.discard("appeal")
    if case.submission.status == Status.NOTIFIED_SUPPLIER:
        names.add("extension")
    if case.submission.status not in FINAL:
        names.add("reply")
    if hearings.may_request_reschedule(case, workflow.SUPPLIER):
        names.add("reschedule")
    return names


def appeal_open(case, today=None):
    today = today or timezone.localdate()
    return case.submission.status == Status.DECIDED and (
        case.deadline is None or case.deadline >= today
    )


def check_files(files):
    """Each file checked by content, as the forms do; ValidationError listing
    what is wrong."""
    if len(files) > ANSWER_MAX_FILES:
        raise ValidationError(
            _("Send at most %(max)s files.") % {"max": ANSWER_MAX_FILES}, code="too_many"
        )
    return [check_upload(f, kinds=ANSWER_KINDS, max_bytes=ANSWER_MAX_BYTES) for f in files]


def record_answer(case, user, text, proposed_solution="", files=()):
    """The supplier's answer: workflow action "record_supplier_answer" with the
    text as its reason, and the proposed solution and the ids of the documents
    (stored with the case, like the consumer's) in its data. Raises
    ValidationError for a bad file and TransitionError when the answer is not
    possible; either way nothing is kept."""
    checked = check_files(list(files))
    names = []
    try:
        for upload in checked:
            names.append(storage.save(upload.file))
        with transaction.atomic():
            attachments = [
                Attachment.create_for(
                    upload, name, submission=case.submission, field_key=ANSWER_FIELD_KEY
                )
                for upload, name in zip(checked, names, strict=True)
            ]
            return workflow.apply(
                case,
                "record_supplier_answer",
                user,
                reason=text,
                party=workflow.SUPPLIER,
                data={
                    "proposed_solution": (proposed_solution or "").strip()[:MAX_SOLUTION_LENGTH],
                    "attachments": [str(a.pk) for a in attachments],
                    "attachment_names": [a.original_name for a in attachments],
                },
            )
    except Exception:
        for name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("could not delete stored file %s", name)
        raise


def refuse(case, user, reason_key, details=""):
    """Workflow action "supplier_refuse"; the reason is one of RefusalReason
    (with details; "other" needs them)."""
    labels = dict(RefusalReason.CHOICES)
    details = (details or "").strip()
    if reason_key not in labels:
        raise workflow.TransitionError(_("Choose why you refuse the case."))
    if reason_key == RefusalReason.OTHER and not details:
        raise workflow.TransitionError(_("Explain why you refuse the case."))
    reason = f"{labels[reason_key]}. {details}".strip() if details else str(labels[reason_key])
    return workflow.apply(
        case,
        "supplier_refuse",
        user,
        reason=reason,
        party=workflow.SUPPLIER,
        data={"refusal_reason": reason_key},
    )


def ask_for_time(case, user, days, reason):
    return cases.request_extension(case, days, reason, user=user)


def reply(case, user, text):
    return cases.supplier_reply(case, text, user=user)


def ask_to_reschedule(case, user, reason):
    return hearings.request_reschedule(case, workflow.SUPPLIER, reason, user=user)


def appeal(case, user, text, today=None):
    if case.submission.status == Status.DECIDED and not appeal_open(case, today):
        raise workflow.TransitionError(_("The deadline to appeal has passed."))
    return workflow.apply(case, "appeal", user, reason=text, party=workflow.SUPPLIER)
