"""What the citizen does on a case, each through the inbox workflow (which records
the event and tells the assigned attendant)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext

from core import storage
from core.uploads import DEFAULT_KINDS, check_upload, sanitise_name
from forms.attachments import total_limit
from inbox import hearings, workflow
from inbox.cases import citizen_message
from inbox.files import CITIZEN_MESSAGE_FILES
from inbox.workflow import CITIZEN, TransitionError

from .forms import UPLOAD_MAX_BYTES

COMPLEMENT_FIELD = "complemento"
CITIZEN_ACTIONS = (
    "receive_complement",
    "record_resolved",
    "record_not_resolved",
    "withdraw",
    "agreement_kept",
    "agreement_broken",
)


def allowed(case):
    """Names of the workflow actions the citizen may take on `case` now."""
    return {
        action.name
        for action in workflow.allowed_actions(case, None, party=CITIZEN)
        if action.name in CITIZEN_ACTIONS
    }


def evaluation_open(case, today=None):
    """Whether the citizen may still evaluate: the status awaits it and the deadline
    (its last day included) has not passed."""
    if not {"record_resolved", "record_not_resolved"} & allowed(case):
        return False
    return case.deadline is None or case.deadline >= (today or timezone.localdate())


def reply(case, text, checked=()):
    """The citizen's message to the Procon, with the files in `checked` (already
    through `check_files`): all of it is kept, or nothing."""
    if not checked:
        return citizen_message(case, text)
    return _with_files(
        case,
        checked,
        CITIZEN_MESSAGE_FILES,
        lambda data: citizen_message(case, text, data=data),
        shared=False,  # like the message, between the citizen and the Procon
    )


def evaluate(case, outcome, score, comment, today=None):
    if outcome not in ("record_resolved", "record_not_resolved"):
        raise TransitionError(gettext("Say whether your problem was solved."))
    if not evaluation_open(case, today=today):
        raise TransitionError(gettext("The time to evaluate this case is over."))
    return workflow.apply(case, outcome, None, reason=comment, party=CITIZEN, data={"score": score})


def reschedule_open(case):
    """Whether the citizen may still ask (once) for another hearing date."""
    return hearings.may_request_reschedule(case, CITIZEN)


def ask_to_reschedule(case, reason):
    return hearings.request_reschedule(case, CITIZEN, reason)


def agreement_open(case, today=None):
    """Whether the citizen may say now whether the agreement was kept."""
    return bool({"agreement_kept", "agreement_broken"} & allowed(case)) and (
        hearings.agreement_answer_open(case, today)
    )


def confirm_agreement(case, kept, reason, today=None):
    return hearings.confirm_agreement(case, kept, reason, today=today)


def withdraw(case, reason):
    return workflow.apply(case, "withdraw", None, reason=reason, party=CITIZEN)


def check_files(uploads):
    """Check every upload as the forms do; ([CheckedUpload], [error messages]).
    Nothing is stored unless every file passes."""
    checked, errors, total = [], [], 0
    for upload in uploads:
        try:
            item = check_upload(upload, kinds=DEFAULT_KINDS, max_bytes=UPLOAD_MAX_BYTES)
        except ValidationError as error:
            params = {"name": sanitise_name(getattr(upload, "name", "")), **(error.params or {})}
            errors.append(error.message % params)
            continue
        total += item.size
        checked.append(item)
    if total > total_limit():
        errors.append(
            gettext("All files together may have at most %(limit)s.")
            % {"limit": filesizeformat(total_limit())}
        )
    return checked, errors


def send_complement(case, checked, text):
    """Store the checked files on the submission and record the complement."""
    return _with_files(
        case,
        checked,
        COMPLEMENT_FIELD,
        lambda data: workflow.apply(
            case, "receive_complement", None, reason=text, party=CITIZEN, data=data
        ),
    )


def _with_files(case, checked, field_key, record, shared=True):
    """Store the checked files on the submission under `field_key` (kind "other";
    `shared`: whether the supplier receives them, which staff may change), then
    call `record(data)`, data listing them as `inbox.files` reads them, in one
    transaction; when anything fails, no row and no stored file is left."""
    from forms.models import Attachment

    names = []
    try:
        with transaction.atomic():
            attachments = []
            for item in checked:
                name = storage.save(item.file)
                names.append(name)
                attachments.append(
                    Attachment.create_for(
                        item, name, shared=shared, submission=case.submission, field_key=field_key
                    )
                )
            return record(
                {
                    "files": [str(a.pk) for a in attachments],
                    "file_names": [a.original_name for a in attachments],
                }
            )
    except Exception:
        for name in names:
            storage.delete(name)
        raise
