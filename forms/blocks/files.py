"""The file upload field type."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.uploads import DEFAULT_KINDS, KIND_CHOICES, MB

from ..conditions import token
from ..documents import ASK, FIELD_CHOICES, DocumentKind, field_kind, kind_label
from ..roles import Role
from .base import FieldBlock


class FileBlock(FieldBlock):
    """Documents and photos, checked by content and kept in private storage.

    The answer is the list of attachments (id, name, size, type); the files
    themselves are `Attachment` rows, on the draft while filling and on the
    submission after sending (see forms/attachments.py).
    """

    type_name = "file"
    required_message = _("Attach a file for “%(label)s”.")

    kinds = blocks.MultipleChoiceBlock(
        label=_("Accepted kinds of file"),
        choices=KIND_CHOICES,
        default=DEFAULT_KINDS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Photos from phones are usually JPEG or HEIC."),
    )
    max_size_mb = blocks.IntegerBlock(
        label=_("Maximum size per file (MB)"), default=10, min_value=1, max_value=50
    )
    max_files = blocks.IntegerBlock(
        label=_("Maximum number of files"), default=5, min_value=1, max_value=20
    )
    document_kind = blocks.ChoiceBlock(
        label=_("Kind of document"),
        choices=FIELD_CHOICES,
        default=ASK,
        help_text=_(
            "What the files of this field are. “The citizen says” asks for each file. "
            "Identity documents are not sent to the supplier unless staff share them; "
            "the other kinds are."
        ),
    )

    class Meta:
        label = _("File upload")
        description = _("Documents and photos, checked and kept private.")
        icon = "doc-full"

    def make_field(self, value, context, **kwargs):
        from ..attachments import AttachmentsField

        return AttachmentsField(
            key=value["key"],
            kinds=list(value.get("kinds") or DEFAULT_KINDS),
            max_bytes=(value.get("max_size_mb") or 10) * MB,
            max_files=value.get("max_files") or 5,
            document_kind=self.kind_of_documents(value),
            draft=context.get("draft"),
            **kwargs,
        )

    def to_storage(self, cleaned):
        return [attachment.descriptor() for attachment in cleaned or []]

    # Files are sent one by one onto the draft; the answer is what is attached.
    json_shape = "files"

    def input_from_json(self, value):
        return []

    def definition(self, value):
        return {
            **super().definition(value),
            "kinds": list(value.get("kinds") or DEFAULT_KINDS),
            "max_size_mb": value.get("max_size_mb") or 10,
            "max_files": value.get("max_files") or 5,
            "document_kind": self.kind_of_documents(value),
        }

    @staticmethod
    def kind_of_documents(value):
        """The field's kind of document; a company's proof of authority is not asked
        about (it goes to no supplier, and none of the citizen's kinds fits it)."""
        kind = value.get("document_kind") or ASK
        if kind == ASK and value.get("role") == Role.AUTHORITY_PROOF:
            return DocumentKind.OTHER
        return kind

    @staticmethod
    def display(definition, stored):
        lines = []
        for item in stored or []:
            line = f"{item.get('name', '')} ({filesizeformat(item.get('size') or 0)})"
            # The kind, when the citizen said it (a field that fixes it says it already).
            if field_kind(definition) == ASK and kind_label(item.get("kind")):
                line += f": {kind_label(item.get('kind'))}"
            lines.append(line)
        return "\n".join(lines)

    @staticmethod
    def tokens(definition, stored):
        return {token(item.get("name", "")) for item in stored or []}
