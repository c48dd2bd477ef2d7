"""Text and number field types."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import FieldBlock, number_input


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

    def input_from_json(self, value):
        return number_input(self, value)

    @staticmethod
    def display(definition, stored):
        if stored in (None, ""):
            return ""
        try:
            number = Decimal(stored)
        except InvalidOperation:
            return str(stored)
        return format(number, "f").replace(".", ",")
