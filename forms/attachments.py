"""Attachments of a form: the form field, receiving uploads onto a draft,
moving them to the submission, and deleting their files.

Uploads are attached to the Draft as soon as a step is posted, so an error in
another field of the step does not lose them; the answer of a file field is the
list of the draft's attachments for that field.
"""

import logging
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.forms.widgets import Input
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext

from core import storage
from core.uploads import accept_attribute, check_upload, limit_text

from .documents import ASK, DocumentKind, field_kind, kind_label

logger = logging.getLogger(__name__)
REMOVE_FIELD = "remover_anexo"  # checkbox per listed file: remove it
# Where a field that asks the kind of document takes it: one choice for the
# files sent in this post ("tipo-<field key>"; keys never hold "-", so no field
# is named so) and a select per file already attached ("tipo-anexo-<id>").
NEW_FILES_KIND = "tipo-{key}"
ATTACHED_KIND = "tipo-anexo-{id}"


class AttachmentsInput(Input):
    """<input type="file" multiple>; the field's value is the draft's attachments."""

    input_type = "file"
    needs_multipart_form = True
    template_name = "django/forms/widgets/input.html"

    def format_value(self, value):
        return None  # a file input never shows a value

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else []

    def value_omitted_from_data(self, data, files, name):
        return False


class AttachmentsField(forms.Field):
    widget = AttachmentsInput

    def __init__(
        self, *, key, kinds, max_bytes, max_files, document_kind=ASK, draft=None, **kwargs
    ):
        self.key = key
        self.kinds = kinds
        self.max_bytes = max_bytes
        self.max_files = max_files
        # ASK: the citizen says what each file is; else the kind of every file.
        self.document_kind = document_kind
        self.draft = draft
        super().__init__(**kwargs)
        self.widget.attrs.update({"multiple": True, "accept": accept_attribute(kinds)})
        self.limits = limit_text(kinds, max_bytes)
        if max_files > 1:
            self.limits += " " + ngettext(
                "At most %(count)d file.", "At most %(count)d files.", max_files
            ) % {"count": max_files}

    @property
    def asks_kind(self):
        return self.document_kind == ASK

    @property
    def fixed_kind_label(self):
        return "" if self.asks_kind else kind_label(self.document_kind)

    @property
    def kind_choices(self):
        return DocumentKind.choices

    @property
    def new_files_kind_name(self):
        return NEW_FILES_KIND.format(key=self.key)

    def attached(self):
        """This field's files on the draft (the source of truth for the answer)."""
        if not is_saved(self.draft):
            return []
        return list(draft_attachments(self.draft).get(self.key, []))

    def clean(self, value):
        attachments = self.attached()
        if self.required and not attachments:
            raise ValidationError(self.error_messages["required"], code="required")
        unsaid = [a.original_name for a in attachments if not a.kind]
        if self.asks_kind and unsaid:
            raise ValidationError(
                [
                    ValidationError(
                        gettext("Say what “%(name)s” is: choose its kind of document."),
                        code="kind",
                        params={"name": name},
                    )
                    for name in unsaid
                ]
            )
        if len(attachments) > self.max_files:
            raise ValidationError(
                ngettext(
                    "Attach at most %(count)d file.",
                    "Attach at most %(count)d files.",
                    self.max_files,
                ),
                code="too_many",
                params={"count": self.max_files},
            )
        return attachments


def is_saved(draft) -> bool:
    # A new Draft already has its UUID; only the row tells whether it is stored.
    return draft is not None and not draft._state.adding


ATTACHED = "_attachments_by_field"


def draft_attachments(draft) -> dict:
    """{field key: [attachments]} of a draft, read once per draft object (a step
    binds its form more than once, and validates every field); changes made
    through `receive` are seen at once. A draft not saved yet has none."""
    by_key = draft.__dict__.get(ATTACHED)
    if by_key is None:
        by_key = {}
        if is_saved(draft):
            for attachment in draft.attachments.all():
                by_key.setdefault(attachment.field_key, []).append(attachment)
        draft.__dict__[ATTACHED] = by_key
    return by_key


def attachments_read(draft):
    """The draft's attachments as this request already read them (see
    `draft_attachments`), or None when it has not."""
    return draft.__dict__.get(ATTACHED) if draft is not None else None


def forget_attachments(draft):
    if draft is not None:
        draft.__dict__.pop(ATTACHED, None)


def total_limit():
    return settings.FORMS_UPLOAD_TOTAL_MAX_MB * 1024 * 1024


def _valid_ids(values):
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return ids


def file_specs(step):
    return [spec for spec in step.fields if spec.block.type_name == "file"]


def receive(draft, step, files, remove_ids, fields, data=None):
    """Apply a step's removals, kinds of document and uploads to the draft.

    `fields` are the step form's fields by key (AttachmentsField for file
    fields); `data`: the posted values, with the kinds the citizen chose (see
    NEW_FILES_KIND and ATTACHED_KIND). Each file is checked on its own: good
    ones are stored and attached (even when another file or field fails; a new
    file whose kind was not said is kept without one, and the field then asks
    for it), bad ones are reported and nothing of them is stored. Returns
    {field key: [error messages]}.
    """
    from .models import Attachment

    specs = [spec for spec in file_specs(step) if spec.key in fields]
    keys = [spec.key for spec in specs]
    if is_saved(draft) and remove_ids and keys:
        for attachment in Attachment.objects.filter(
            draft=draft, field_key__in=keys, pk__in=_valid_ids(remove_ids)
        ):
            attachment.delete()
        forget_attachments(draft)
    # The draft's attachments as this request knows them: what it read, plus
    # what it stores below (so the form then sees them without reading again).
    current = draft_attachments(draft)
    if data is not None:
        _receive_kinds(current, specs, fields, data)
    used = sum(attachment.size for items in current.values() for attachment in items)
    return _receive_uploads(draft, specs, files, fields, current, used, data)


def _chosen_kind(data, name):
    value = data.get(name) if data is not None else None
    return value if value in DocumentKind.values else ""


def _receive_kinds(current, specs, fields, data):
    """The kinds the citizen chose for files already attached (fields that ask)."""
    for spec in specs:
        if not fields[spec.key].asks_kind:
            continue
        for attachment in current.get(spec.key, []):
            kind = _chosen_kind(data, ATTACHED_KIND.format(id=attachment.pk))
            if kind and kind != attachment.kind:
                attachment.set_kind(kind)
                attachment.save(update_fields=["kind", "shared_with_supplier"])


def _new_files_kind(field, data):
    if not field.asks_kind:
        return field.document_kind
    return _chosen_kind(data, field.new_files_kind_name)


def _receive_uploads(draft, specs, files, fields, current, used, data=None):
    accepted = []  # (field key, CheckedUpload)
    errors = {}
    for spec in specs:
        uploads = [f for f in files.getlist(spec.key) if f is not None]
        if not uploads:
            continue
        field = fields[spec.key]
        count = len(current.get(spec.key, []))
        for upload in uploads:
            try:
                if count >= field.max_files:
                    raise ValidationError(
                        ngettext(
                            "“%(name)s” was not attached: at most %(count)d file here.",
                            "“%(name)s” was not attached: at most %(count)d files here.",
                            field.max_files,
                        ),
                        params={"count": field.max_files},
                    )
                checked = check_upload(upload, kinds=field.kinds, max_bytes=field.max_bytes)
                if used + checked.size > total_limit():
                    raise ValidationError(
                        gettext(
                            "“%(name)s” was not attached: all files together may have at "
                            "most %(limit)s."
                        ),
                        params={"limit": filesizeformat(total_limit())},
                    )
            except ValidationError as error:
                params = {"name": _display_name(upload), **(error.params or {})}
                errors.setdefault(spec.key, []).append(error.message % params)
                continue
            accepted.append((spec.key, checked, _new_files_kind(field, data)))
            used += checked.size
            count += 1
    if accepted:
        if not is_saved(draft):
            draft.save()
        for attachment in store(draft, accepted):
            current.setdefault(attachment.field_key, []).append(attachment)
    return errors


def _display_name(upload):
    from core.uploads import sanitise_name

    return sanitise_name(getattr(upload, "name", ""))


def store(draft, accepted):
    """Write checked uploads, [(field key, CheckedUpload, kind)], to private
    storage and attach them to the draft; returns the new attachments. A file
    whose row cannot be written is not left behind."""
    from .models import Attachment

    attachments = []
    for key, checked, kind in accepted:
        name = storage.save(checked.file)
        try:
            attachments.append(
                Attachment.create_for(checked, name, kind=kind, draft=draft, field_key=key)
            )
        except Exception:
            storage.delete(name)
            raise
    return attachments


def attachment_ids(schema, answers):
    """Ids of the attachments named in a submission's answers."""
    ids = []
    for step in schema.get("steps", []):
        for definition in step["fields"]:
            if definition["type"] == "file":
                ids += [item["id"] for item in answers.get(definition["key"]) or []]
    return ids


def move_to_submission(draft, submission, known=None):
    """Inside submit()'s transaction: the draft's attachments that the answers
    name go to the submission; any others (e.g. of a field hidden by a
    condition) are deleted.

    `known`: the draft's attachments as the caller read them to validate the
    answers ({field key: [attachments]}); without it they are read here. A file
    attached by a request running at the very moment of the submit is not among
    them: it stays with the sent draft and goes with it at the drafts' cleanup.
    """
    from .models import Attachment

    has_file_fields = any(
        definition["type"] == "file"
        for step in submission.schema.get("steps", [])
        for definition in step["fields"]
    )
    if not has_file_fields:
        return  # nothing can be attached
    ids = set(_valid_ids(attachment_ids(submission.schema, submission.form_data)))
    if ids:
        if known is None:
            known = draft_attachments(draft)
        _fix_kinds(submission.schema, [a for items in known.values() for a in items if a.pk in ids])
        Attachment.objects.filter(draft=draft, pk__in=ids).update(draft=None, submission=submission)
    if known is None:
        leftovers = Attachment.objects.filter(draft=draft)
    else:
        leftovers = [a for items in known.values() for a in items if a.pk not in ids]
    for attachment in leftovers:
        attachment.delete()


def _fix_kinds(schema, sent):
    """A field that fixes the kind of its files gives it to each of them, even to
    a file attached before an editor set it (no query when all agree)."""
    from .models import Attachment

    fixed = {
        definition["key"]: field_kind(definition)
        for step in schema.get("steps", [])
        for definition in step["fields"]
        if definition["type"] == "file" and field_kind(definition) != ASK
    }
    for attachment in sent:
        kind = fixed.get(attachment.field_key)
        if kind and attachment.kind != kind:
            attachment.set_kind(kind)
            Attachment.objects.filter(pk=attachment.pk).update(
                kind=kind, shared_with_supplier=attachment.shared_with_supplier
            )


@receiver(post_delete, sender="procon_forms.Attachment")
def delete_stored_file(sender, instance, **kwargs):
    """The file goes when its row goes, and only once the deletion is committed."""
    name = instance.storage_name

    def remove():
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not delete stored attachment %s", name)

    transaction.on_commit(remove)
