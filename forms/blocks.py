"""Step and field blocks: what editors put together to define a form.

Each field type is one block class that knows its Django form field
(`make_field`), how its cleaned value is stored as JSON (`to_storage`), how a
stored answer reads to a person (`display`) and how it is matched by conditions
(`tokens`). `display` and `tokens` work from the *definition* (the schema
snapshot saved with each submission), not from the block, so old submissions
keep reading correctly after editors change the form.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from .conditions import ANSWERED, EQUALS, NOT_EQUALS, token
from .documents import ASK, FIELD_CHOICES, DocumentKind, field_kind, kind_label
from .roles import GROUPED_CHOICES, Role
from .uploads import DEFAULT_KINDS, KIND_CHOICES, MB

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

FIELD_TYPES = {}  # type name -> block class, filled by register()


def register(cls):
    FIELD_TYPES[cls.type_name] = cls
    return cls


def key_from_label(label: str) -> str:
    key = slugify(label).replace("-", "_")[:50].strip("_")
    if not key or not key[0].isalpha():
        key = f"campo_{key}".strip("_")[:50]
    return key


class ConditionBlock(blocks.StructBlock):
    # The editor chooses the field and the value from lists of the form as it
    # stands (static/js/admin/condition-chooser.js); what is stored is the
    # field's key and the option's text.
    field = blocks.CharBlock(
        label=_("Show only when"),
        required=False,
        max_length=50,
        help_text=_("An earlier field of the form. Leave “Always show” for no condition."),
    )
    operator = blocks.ChoiceBlock(
        label=_("Operator"),
        choices=[
            (EQUALS, _("is")),
            (NOT_EQUALS, _("is not")),
            (ANSWERED, _("is answered")),
        ],
        default=EQUALS,
    )
    value = blocks.CharBlock(
        label=_("Value"),
        required=False,
        max_length=200,
        help_text=_("For a field with options, one of them; otherwise the answer to compare with."),
    )

    class Meta:
        label = _("Condition")
        icon = "cogs"
        collapsed = True
        form_classname = "procon-condition"
        # The collapsed header names the field looked at, and nothing when the
        # condition is empty (the default summary is the first answered child,
        # the operator, which alone reads "Condição for").
        label_format = "{field}"

    def clean(self, value):
        value = super().clean(value)
        if value.get("field") and value.get("operator") != ANSWERED and not value.get("value"):
            raise StructBlockValidationError(
                block_errors={"value": ValidationError(_("Give the value to compare with."))}
            )
        return value


class InformationBlock(blocks.StructBlock):
    """Text between the fields of a step; not a question."""

    is_input = False
    type_name = "information"

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul"])
    condition = ConditionBlock(required=False)

    class Meta:
        label = _("Information")
        description = _("Text between the questions; not a question.")
        icon = "info-circle"
        template = "forms/blocks/information.html"
        preview_template = "forms/blocks/information_preview.html"
        preview_value = {
            "heading": "Antes de continuar",
            "text": "<p>Tenha em mãos a nota fiscal e o protocolo do SAC.</p>",
        }


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
        from .previews import preview_value

        return preview_value(self)

    def get_preview_context(self, value, parent_context=None):
        from .previews import preview_context

        return preview_context(self, value, parent_context or {})

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


# --- text ------------------------------------------------------------------------


@register
class SingleLineBlock(FieldBlock):
    type_name = "singleline"
    max_length = blocks.IntegerBlock(
        label=_("Maximum length"), default=255, min_value=1, max_value=1000
    )

    class Meta:
        label = _("Short text")
        description = _("One line of text: a name, a protocol number, a product.")
        icon = "pilcrow"

    def make_field(self, value, context, **kwargs):
        return forms.CharField(max_length=value.get("max_length") or 255, **kwargs)


@register
class MultiLineBlock(FieldBlock):
    type_name = "multiline"
    max_length = blocks.IntegerBlock(
        label=_("Maximum length"), default=5000, min_value=1, max_value=20000
    )

    class Meta:
        label = _("Long text")
        description = _("Several lines: the citizen's account of what happened.")
        icon = "doc-full"

    def make_field(self, value, context, **kwargs):
        max_length = value.get("max_length") or 5000
        return forms.CharField(
            max_length=max_length,
            widget=forms.Textarea(attrs={"rows": 6, "maxlength": max_length}),
            **kwargs,
        )


@register
class EmailBlock(FieldBlock):
    type_name = "email"

    class Meta:
        label = _("Email")
        description = _(
            "An e-mail address, checked. Give the consumer's the role that sends the receipt."
        )
        icon = "mail"

    def make_field(self, value, context, **kwargs):
        return forms.EmailField(
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            **kwargs,
        )


@register
class URLBlock(FieldBlock):
    type_name = "url"

    class Meta:
        label = _("Web address")
        description = _("A web address, e.g. the company's site.")
        icon = "link"

    def make_field(self, value, context, **kwargs):
        return forms.URLField(
            max_length=500, assume_scheme="https", widget=forms.URLInput(), **kwargs
        )


@register
class HiddenBlock(FieldBlock):
    type_name = "hidden"
    default_value = blocks.CharBlock(label=_("Value"), required=False, max_length=255)

    class Meta:
        label = _("Hidden")
        description = _("A value the citizen does not see, sent with the answers.")
        icon = "no-view"

    def make_field(self, value, context, **kwargs):
        kwargs["required"] = False
        return forms.CharField(
            max_length=255,
            widget=forms.HiddenInput,
            initial=value.get("default_value") or "",
            **kwargs,
        )


@register
class NumberBlock(FieldBlock):
    type_name = "number"
    min_value = blocks.DecimalBlock(label=_("Minimum"), required=False)
    max_value = blocks.DecimalBlock(label=_("Maximum"), required=False)

    class Meta:
        label = _("Number")
        description = _("A number, with an optional minimum and maximum.")
        icon = "order"

    def make_field(self, value, context, **kwargs):
        return forms.DecimalField(
            max_digits=15,
            decimal_places=4,
            min_value=value.get("min_value"),
            max_value=value.get("max_value"),
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **kwargs,
        )

    def to_storage(self, cleaned):
        return None if cleaned is None else format(cleaned.normalize(), "f")

    @staticmethod
    def display(definition, stored):
        if stored in (None, ""):
            return ""
        try:
            number = Decimal(stored)
        except InvalidOperation:
            return str(stored)
        return format(number, "f").replace(".", ",")


# --- choices ---------------------------------------------------------------------


class ChoiceFieldBlock(FieldBlock):
    required_message = _("Choose an answer for “%(label)s”.")
    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("Option"), max_length=200), label=_("Options"), min_num=1
    )

    def option_choices(self, value):
        return [(option, option) for option in value.get("choices") or []]

    def definition(self, value):
        return {**super().definition(value), "choices": list(value.get("choices") or [])}


@register
class DropdownBlock(ChoiceFieldBlock):
    type_name = "dropdown"

    class Meta:
        label = _("Drop-down list")
        description = _("One option from a list that opens: good for long lists.")
        icon = "list-ul"

    def make_field(self, value, context, **kwargs):
        from .fields import OptionsSelect

        return forms.ChoiceField(
            choices=[("", gettext("Select"))] + self.option_choices(value),
            widget=OptionsSelect,
            **kwargs,
        )


@register
class RadioBlock(ChoiceFieldBlock):
    type_name = "radio"

    class Meta:
        label = _("Radio buttons")
        description = _("One option, all in sight: best for a few options, e.g. Sim / Não.")
        icon = "radio-full"

    def make_field(self, value, context, **kwargs):
        return forms.ChoiceField(
            choices=self.option_choices(value), widget=forms.RadioSelect, **kwargs
        )


class MultipleChoiceMixin:
    def to_storage(self, cleaned):
        return list(cleaned or [])

    @staticmethod
    def display(definition, stored):
        return "; ".join(stored or [])

    @staticmethod
    def tokens(definition, stored):
        return {token(item) for item in stored or []}


@register
class CheckboxesBlock(MultipleChoiceMixin, ChoiceFieldBlock):
    type_name = "checkboxes"

    class Meta:
        label = _("Checkboxes")
        description = _("Any number of options, all in sight.")
        icon = "tasks"

    def make_field(self, value, context, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.option_choices(value), widget=forms.CheckboxSelectMultiple, **kwargs
        )


@register
class MultiSelectBlock(MultipleChoiceMixin, ChoiceFieldBlock):
    type_name = "multiselect"

    class Meta:
        label = _("Multiple select")
        description = _("Any number of options from a list box.")
        icon = "list-ul"

    def make_field(self, value, context, **kwargs):
        return forms.MultipleChoiceField(choices=self.option_choices(value), **kwargs)


class BooleanMixin:
    @staticmethod
    def display(definition, stored):
        return gettext("Yes") if stored else gettext("No")

    @staticmethod
    def tokens(definition, stored):
        return {"sim"} if stored else {"nao"}


@register
class CheckboxBlock(BooleanMixin, FieldBlock):
    type_name = "checkbox"

    class Meta:
        label = _("Checkbox")
        description = _("A single box to tick: yes or no.")
        icon = "tick-inverse"

    def make_field(self, value, context, **kwargs):
        return forms.BooleanField(**kwargs)


@register
class DeclarationBlock(BooleanMixin, FieldBlock):
    """A statement the person must agree to (always required)."""

    type_name = "declaration"

    class Meta:
        label = _("Declaration / consent")
        description = _("A statement the citizen must agree to before going on.")
        icon = "doc-full-inverse"

    required_message = _("You must agree to continue.")

    def make_field(self, value, context, **kwargs):
        kwargs["required"] = True
        kwargs["label"] = value["label"]
        return forms.BooleanField(**kwargs)


# --- dates -----------------------------------------------------------------------


@register
class DateBlock(FieldBlock):
    type_name = "date"
    allow_future = blocks.BooleanBlock(label=_("Allow future dates"), required=False, default=False)

    class Meta:
        label = _("Date")
        description = _("A date; future dates are refused unless allowed.")
        icon = "date"

    def make_field(self, value, context, **kwargs):
        field = forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": gettext("Enter a real date, e.g. 31/12/2025.")},
            **kwargs,
        )
        if not value.get("allow_future"):
            field.validators.append(not_in_future)
        return field

    def to_storage(self, cleaned):
        return cleaned.isoformat() if cleaned else None

    @staticmethod
    def display(definition, stored):
        parsed = parse_date(stored) if stored else None
        return date_format(parsed, "SHORT_DATE_FORMAT") if parsed else ""


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(gettext("The date cannot be in the future."), code="future")


@register
class DateTimeBlock(FieldBlock):
    type_name = "datetime"

    class Meta:
        label = _("Date and time")
        description = _("A date and a time.")
        icon = "time"

    def make_field(self, value, context, **kwargs):
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            error_messages={"invalid": gettext("Enter a real date and time.")},
            **kwargs,
        )

    def to_storage(self, cleaned):
        return cleaned.isoformat() if cleaned else None

    @staticmethod
    def display(definition, stored):
        parsed = parse_datetime(stored) if stored else None
        if not parsed:
            return ""
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return date_format(parsed, "SHORT_DATETIME_FORMAT")


# --- Brazilian data --------------------------------------------------------------


class SimpleBrazilianBlock(FieldBlock):
    """A field whose cleaned value is already a canonical formatted string."""

    field_class_name = ""

    def make_field(self, value, context, **kwargs):
        from . import fields

        return getattr(fields, self.field_class_name)(**kwargs)


@register
class CPFBlock(SimpleBrazilianBlock):
    type_name = "cpf"
    field_class_name = "CPFField"

    class Meta:
        label = _("CPF")
        description = _("A CPF, checked by its digits.")
        icon = "user"


@register
class CNPJBlock(SimpleBrazilianBlock):
    type_name = "cnpj"
    field_class_name = "CNPJField"

    class Meta:
        label = _("CNPJ")
        description = _("A CNPJ, checked by its digits (the alphanumeric CNPJ too).")
        icon = "group"


@register
class CEPBlock(SimpleBrazilianBlock):
    type_name = "cep"
    field_class_name = "CEPField"

    class Meta:
        label = _("CEP")
        description = _("A CEP: 8 digits.")
        icon = "home"


@register
class PhoneBlock(SimpleBrazilianBlock):
    type_name = "phone"
    field_class_name = "PhoneField"

    class Meta:
        label = _("Phone")
        description = _("A Brazilian phone number with its area code.")
        icon = "mobile-alt"


@register
class MoneyBlock(SimpleBrazilianBlock):
    type_name = "money"
    field_class_name = "MoneyField"

    class Meta:
        label = _("Amount in R$")
        description = _("An amount in reais (R$).")
        icon = "tag"

    def to_storage(self, cleaned):
        return None if cleaned is None else format(cleaned, "f")

    @staticmethod
    def display(definition, stored):
        from .brazil import format_money

        if stored in (None, ""):
            return ""
        try:
            return format_money(Decimal(stored))
        except InvalidOperation:
            return str(stored)


@register
class MunicipalityBlock(FieldBlock):
    type_name = "municipality"
    required_message = _("Choose a municipality for “%(label)s”.")

    class Meta:
        label = _("Municipality")
        description = _("A municipality of the agency's state, chosen from a list.")
        icon = "site"

    def make_field(self, value, context, **kwargs):
        from .fields import MunicipalityField

        return MunicipalityField(state=context.get("state") or "MT", **kwargs)

    def to_storage(self, cleaned):
        if not cleaned:
            return None
        return {"ibge_code": cleaned.ibge_code, "name": cleaned.name, "state": cleaned.state}

    @staticmethod
    def display(definition, stored):
        if not stored:
            return ""
        return f"{stored.get('name', '')}/{stored.get('state', '')}"

    @staticmethod
    def tokens(definition, stored):
        return {token(stored["name"])} if stored else set()


@register
class AddressBlock(FieldBlock):
    """A postal address in one fieldset: CEP, street, number, complement,
    district, municipality and UF (see `fields.AddressField`). Stored as one
    dict; read as Brazilian post writes an address."""

    type_name = "address"
    field_template = "forms/blocks/address.html"

    class Meta:
        label = _("Postal address")
        description = _(
            "A postal address: CEP, street, number, complement, district, municipality and UF."
        )
        icon = "home"

    def make_field(self, value, context, **kwargs):
        from .fields import AddressField

        return AddressField(state=context.get("state"), **kwargs)

    @staticmethod
    def display(definition, stored):
        from .brazil import format_address

        return format_address(stored) if stored else ""

    @staticmethod
    def tokens(definition, stored):
        if not isinstance(stored, dict):
            return set()
        municipality = stored.get("municipality") or {}
        return {token(municipality.get("name", "")), token(stored.get("state", ""))} - {""}

    @staticmethod
    def role_answers(definition, stored):
        """What an address tagged as the consumer's also answers: their CEP
        and their municipality (as a municipality field stores it)."""
        if definition.get("role") != Role.CONSUMER_ADDRESS or not isinstance(stored, dict):
            return {}
        answers = {}
        if stored.get("cep"):
            answers[Role.CONSUMER_CEP] = stored["cep"]
        if isinstance(stored.get("municipality"), dict):
            answers[Role.CONSUMER_MUNICIPALITY] = stored["municipality"]
        return answers


@register
class SupplierBlock(FieldBlock):
    type_name = "supplier"

    class Meta:
        label = _("Supplier (company)")
        description = _("The company: name or CNPJ, matched against the supplier register.")
        icon = "group"

    def make_field(self, value, context, **kwargs):
        from .fields import SupplierField

        return SupplierField(**kwargs)

    @staticmethod
    def display(definition, stored):
        if not stored:
            return ""
        from .brazil import format_cnpj

        name = stored.get("name") or ""
        cnpj = stored.get("cnpj")
        return f"{name} (CNPJ {format_cnpj(cnpj)})" if cnpj else name

    @staticmethod
    def tokens(definition, stored):
        return {token(stored.get("name", ""))} if stored else set()


@register
class ProblemBlock(FieldBlock):
    """Topic > subject > problem from the taxonomy editors keep under "Temas"."""

    type_name = "problem"
    required_message = _("Choose the problem for “%(label)s”.")
    topic = SnippetChooserBlock(
        "services.Topic",
        label=_("Only problems of this topic"),
        required=False,
        help_text=_("Leave empty to offer every topic."),
    )

    class Meta:
        label = _("Problem (from the topics)")
        description = _("Topic, subject and problem, from the topics editors keep.")
        icon = "tag"

    def make_field(self, value, context, **kwargs):
        from .fields import ProblemField

        return ProblemField(topic=value.get("topic"), **kwargs)

    def definition(self, value):
        topic = value.get("topic")
        return {**super().definition(value), "topic": topic.slug if topic else ""}

    @staticmethod
    def display(definition, stored):
        if not stored:
            return ""
        return " \u203a ".join(stored[level] for level in ("topic", "subject", "problem"))

    @staticmethod
    def tokens(definition, stored):
        if not stored:
            return set()
        return {token(stored[level]) for level in ("topic", "subject", "problem")}


# --- files -------------------------------------------------------------------------


@register
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
        from .attachments import AttachmentsField

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


FIELD_BLOCKS = [(cls.type_name, cls()) for cls in FIELD_TYPES.values()]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step title"), max_length=120)
    intro = blocks.RichTextBlock(
        label=_("Introduction"), required=False, features=["bold", "italic", "link", "ul"]
    )
    fields = blocks.StreamBlock(
        [*FIELD_BLOCKS, ("information", InformationBlock())],
        label=_("Fields"),
        min_num=1,
    )
    condition = ConditionBlock(
        required=False,
        help_text=_("Show this whole step only when an answer in an earlier step matches."),
    )

    class Meta:
        label = _("Step")
        icon = "list-ol"


def field_type(type_name):
    """The block class for a stored definition's type (for displaying answers)."""
    return FIELD_TYPES.get(type_name, FieldBlock)


def display_answer(definition, stored) -> str:
    return field_type(definition.get("type")).display(definition, stored)


def answers_by_role(definitions, answers) -> dict:
    """{role: stored answer} of the role-tagged fields among `definitions` (a
    schema snapshot's field definitions) that `answers` holds. Besides each
    field's own role, a field may answer others (an address tagged as the
    consumer's gives their CEP and municipality); a field tagged with such a
    role itself takes precedence. Where two fields have one role, the later wins."""
    own, derived = {}, {}
    for definition in definitions:
        key = definition.get("key")
        if key not in answers:
            continue
        if definition.get("role"):
            own[definition["role"]] = answers[key]
        derived.update(field_type(definition.get("type")).role_answers(definition, answers[key]))
    return {**derived, **own}
