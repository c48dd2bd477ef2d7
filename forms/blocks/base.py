"""The base of every field type: the settings every field has (label, key,
help text, required, role, condition), the Django form field built from them,
and the defaults for storing and reading an answer.

`display`, `tokens` and `role_answers` are static and take the field's
*definition* (the schema snapshot saved with each submission), not the block,
so old submissions keep reading correctly after editors change the form (see
`answers.py`).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from ..conditions import token
from ..roles import GROUPED_CHOICES, Role
from .condition import ConditionBlock
from .translation import text_segments

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
# Names a field key may not take: they would collide with the page's own form inputs.
RESERVED_KEYS = {
    "csrfmiddlewaretoken",
    "action",
    "declaration_confirmed",
    "email",
    "voltar",
    "website",  # the honeypot (forms/abuse.py)
    "remover_anexo",  # remove-attachment checkboxes
}


def key_from_label(label: str) -> str:
    key = slugify(label).replace("-", "_")[:50].strip("_")
    if not key or not key[0].isalpha():
        key = f"campo_{key}".strip("_")[:50]
    return key


class FieldBlock(blocks.StructBlock):
    """Base of every input field type."""

    is_input = True
    type_name = ""
    # A template that renders the whole field on a step (label, inputs, errors),
    # for fields the standard rendering cannot show.
    field_template = ""

    label = blocks.CharBlock(label=_("Question / label"), max_length=255)
    key = blocks.CharBlock(
        label=_("Machine key"),
        required=False,
        max_length=50,
        help_text=_(
            "Filled from the label on first save and then kept, so renaming the label never "
            "breaks stored answers. Lower-case letters, digits and _."
        ),
    )
    help_text = blocks.CharBlock(label=_("Help text"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)
    role = blocks.ChoiceBlock(
        label=_("Role"),
        choices=GROUPED_CHOICES,
        required=False,
        help_text=_(
            "What this answer means for case handling, grouped by the kind of form that uses "
            "it. “Ready to go live?” at the top of the form says what the inbox does with each "
            "role it needs."
        ),
    )
    condition = ConditionBlock(required=False)

    class Meta:
        icon = "form"
        # The block picker shows each field type as the citizen sees it (forms/previews.py).
        preview_template = "forms/blocks/field_preview.html"

    def get_preview_value(self):
        from ..previews import preview_value

        return preview_value(self)

    def get_preview_context(self, value, parent_context=None):
        from ..previews import preview_context

        return preview_context(self, value, parent_context or {})

    # --- translation (forms/blocks/translation.py) ---------------------------
    # The key, the condition and a hidden field's value are the form's structure.
    untranslated = ("key", "condition", "default_value")

    def get_translatable_segments(self, value):
        return text_segments(self, value, self.untranslated)

    # --- editing -----------------------------------------------------------
    def clean(self, value):
        value = super().clean(value)
        if not value.get("key"):
            value["key"] = key_from_label(value.get("label", ""))
        if not KEY_RE.match(value["key"]) or value["key"] in RESERVED_KEYS:
            raise StructBlockValidationError(
                block_errors={
                    "key": ValidationError(
                        _("Use lower-case letters, digits and _ (starting with a letter).")
                    )
                }
            )
        return value

    # --- the citizen's form --------------------------------------------------
    # A required-field error names the question, so the error summary reads well.
    required_message = _("Fill in “%(label)s”.")

    def form_field(self, value, context=None) -> forms.Field:
        required = bool(value.get("required"))
        label = value["label"]
        field = self.make_field(
            value,
            context or {},
            label=label if required else gettext("%(label)s (optional)") % {"label": label},
            help_text=value.get("help_text") or "",
            required=required,
        )
        field.error_messages["required"] = self.required_message % {"label": label}
        autocomplete = AUTOCOMPLETE.get(value.get("role"))
        if autocomplete and "autocomplete" not in field.widget.attrs:
            field.widget.attrs["autocomplete"] = autocomplete
        return field

    def make_field(self, value, context, **kwargs) -> forms.Field:
        raise NotImplementedError

    def to_storage(self, cleaned):
        """The cleaned value as JSON can hold it."""
        return cleaned

    # --- the answer as a JSON client sends it (the API) ------------------------
    # "text", "boolean", "list", "address" or "files": what `input_from_json` takes.
    json_shape = "text"

    def input_from_json(self, value) -> list[str]:
        """The answer sent as JSON, as the web's inputs would have sent it (the
        texts under the field's name), so the same form field checks it.
        Raises ValueError, with a message for the sender, for a value of the
        wrong shape."""
        if value is None:
            return []
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(gettext("Send this answer as text."))
        return [str(value)]

    def definition(self, value) -> dict:
        """What the schema snapshot keeps of this field."""
        return {
            "key": value["key"],
            "type": self.type_name,
            "label": value["label"],
            "help_text": value.get("help_text") or "",
            "required": bool(value.get("required")),
            "role": value.get("role") or "",
        }

    # --- reading stored answers (from the snapshot definition) -----------------
    @staticmethod
    def display(definition, stored) -> str:
        if stored in (None, "", [], {}):
            return ""
        return str(stored)

    @staticmethod
    def tokens(definition, stored) -> set:
        if stored in (None, "", [], {}):
            return set()
        return {token(stored)}

    @staticmethod
    def role_answers(definition, stored) -> dict:
        """Roles a stored answer answers besides the field's own (see `answers_by_role`)."""
        return {}


AUTOCOMPLETE = {
    Role.CONSUMER_NAME: "name",
    Role.REPRESENTATIVE_NAME: "name",
    Role.CONSUMER_EMAIL: "email",
    Role.REPRESENTATIVE_EMAIL: "email",
    Role.CONSUMER_PHONE: "tel-national",
    Role.REPRESENTATIVE_PHONE: "tel-national",
    Role.CONSUMER_CEP: "postal-code",
    Role.COMPANY_LEGAL_NAME: "organization",
    Role.COMPANY_ADDRESS: "street-address",
}


def number_input(block, value):
    """A JSON number as a Brazilian would type it (decimal comma), for fields
    that read numbers the Brazilian way; anything else as any text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from decimal import Decimal

        return [format(Decimal(str(value)), "f").replace(".", ",")]
    return FieldBlock.input_from_json(block, value)
