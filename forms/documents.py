"""What a citizen's file is (identity document, proof of purchase, other), said
when it is attached, and whether the supplier of the case receives it by
default (LGPD art. 6 III: the supplier gets only what it needs).

A file field either asks the citizen for each file (`ASK`) or fixes the kind
for every file it takes (e.g. a field "Documento de identidade" is always
`IDENTITY`): see `forms.blocks.FileBlock.document_kind`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", _("Identity document")
    PURCHASE_PROOF = "purchase_proof", _("Proof of purchase")
    OTHER = "other", _("Other document")


# A file field's setting: ask the citizen, or one of the kinds above.
ASK = "ask"
FIELD_CHOICES = [(ASK, _("The citizen says, for each file")), *DocumentKind.choices]

# Kinds the supplier receives unless staff stop sharing the file; an identity
# document (and a file whose kind is not said) only when staff share it.
SHARED_BY_DEFAULT = frozenset({DocumentKind.PURCHASE_PROOF, DocumentKind.OTHER})


def shared_by_default(kind) -> bool:
    """Whether a file of `kind` goes to the supplier unless staff decide otherwise."""
    return kind in SHARED_BY_DEFAULT


def kind_label(kind) -> str:
    return DocumentKind(kind).label if kind in DocumentKind.values else ""


def field_kind(definition_or_value) -> str:
    """The kind a file field fixes for its files, or ASK. Fields stored before
    the setting existed read as "other" (their files went to the supplier)."""
    value = (definition_or_value or {}).get("document_kind")
    if value is None:
        return DocumentKind.OTHER
    return value if value in DocumentKind.values else ASK
