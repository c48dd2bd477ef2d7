"""The files of a case, each with who sent it and when, read from the stored data.

Every file is a `forms` Attachment on the submission. It came either with the
form, sent by the citizen with the submission, or with a later event that lists
its id in its data: the citizen's complement and the citizen's message
(`data["files"]`), the supplier's answer (`data["attachments"]`). The event's
party is the sender and its time is when the file was sent; a file that no event
lists came with the form.

Each file has a kind of document and `shared_with_supplier`: the supplier of the
case sees and downloads only the files shared with it. Files come shared as
their kind says (an identity document is not; see `forms.documents`), the
citizen's files sent with a message never (they stay between the citizen and
the Procon); staff change a file's sharing with `set_sharing`, which writes an
event.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import CaseEvent, EventKind, Party, Visibility

# Keys of `CaseEvent.data` listing the ids of the files the event brought.
FILE_KEYS = ("files", "attachments")
# Field key of the files a citizen sends with a message to the Procon. Like the
# message itself, they are not shared with the supplier unless staff share them.
CITIZEN_MESSAGE_FILES = "mensagem"


@dataclass(frozen=True)
class CaseFile:
    attachment: object  # forms.models.Attachment
    party: str  # a Party value: who sent it
    sent_at: datetime
    event: CaseEvent | None = None  # the event it came with; None: with the form


def file_ids(event):
    """The ids (as strings) of the files `event` brought."""
    data = event.data if isinstance(event.data, dict) else {}
    ids = []
    for key in FILE_KEYS:
        value = data.get(key)
        if isinstance(value, list):
            ids += [str(item) for item in value]
    return ids


def events_with_files(case):
    """The events of `case` that brought files, oldest first."""
    listed = Q()
    for key in FILE_KEYS:
        listed |= Q(data__has_key=key)
    return CaseEvent.objects.filter(case=case).filter(listed).order_by("created_at", "pk")


def case_files(case, shown=None, events=None):
    """[CaseFile] of `case`, in the order they were sent.

    `shown`: a predicate on events, for a reader who may not see every event;
    the files of an event it refuses are left out (the files sent with the form
    are always the reader's to see). `events`: the case's events that brought
    files, when the caller already has them. Two queries: those events and the
    submission's attachments.
    """
    submission = case.submission
    if events is None:
        events = events_with_files(case)
    brought = {}
    for event in events:
        for pk in file_ids(event):
            brought.setdefault(pk, event)
    files = []
    for attachment in submission.attachments.all():
        event = brought.get(str(attachment.pk))
        if event is None:
            files.append(CaseFile(attachment, Party.CITIZEN, submission.submit_time))
        elif shown is None or shown(event):
            party = event.party or (Party.STAFF if event.actor_id else Party.SYSTEM)
            files.append(CaseFile(attachment, party, event.created_at, event))
    files.sort(key=lambda item: item.sent_at)
    return files


def for_citizen(event):
    """`shown` for the citizen: the events the tracking page shows
    (`CaseEvent.objects.for_citizen()`)."""
    return event.visibility == Visibility.CITIZEN


def shared_with_supplier(attachments):
    """The attachments the supplier may receive, from an iterable of them (filtered
    in Python, so a prefetched list costs no query)."""
    return [a for a in attachments if a.shared_with_supplier]


def set_sharing(case, attachment, shared, actor):
    """Share `attachment` of `case` with the supplier, or stop sharing it, as
    `actor` (staff who may work the case); writes an internal CaseEvent with the
    file's id and name. No change, no event. Returns the event or None; raises
    TransitionError (changing nothing) when the actor may not or the file is
    not the case's."""
    from . import permissions
    from .workflow import TransitionError

    if not permissions.policy.user_has_permission_for_instance(actor, "work", case):
        raise TransitionError(_("You may not work on this case."))
    with transaction.atomic():
        row = (
            type(attachment)
            .objects.select_for_update()
            .filter(pk=attachment.pk, submission_id=case.pk)
            .first()
        )
        if row is None:
            raise TransitionError(_("This file is not one of the case's."))
        if row.shared_with_supplier == bool(shared):
            return None
        row.shared_with_supplier = bool(shared)
        row.save(update_fields=["shared_with_supplier"])
        attachment.shared_with_supplier = row.shared_with_supplier
        return CaseEvent.objects.create(
            case=case,
            kind=EventKind.FILE_SHARING,
            actor=actor,
            party=Party.STAFF,
            visibility=Visibility.INTERNAL,
            data={
                "attachment_id": str(row.pk),
                "name": row.original_name,
                "document_kind": row.kind,
                "shared": row.shared_with_supplier,
            },
        )
