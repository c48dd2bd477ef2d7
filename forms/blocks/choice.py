"""Field types with options (one or several) and yes-or-no boxes."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..conditions import token
from .base import FieldBlock


class ChoiceFieldBlock(FieldBlock):
    required_message = _("Choose an answer for “%(label)s”.")
    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("Option"), max_length=200), label=_("Options"), min_num=1
    )

    def option_choices(self, value):
        """(stored text, label) for each option: the same text, or in a
        translation its label (forms/blocks/translation.py)."""
        labels = value.get("option_labels") or {}
        return [(option, labels.get(option, option)) for option in value.get("choices") or []]

    def definition(self, value):
        return {**super().definition(value), "choices": list(value.get("choices") or [])}


class DropdownBlock(ChoiceFieldBlock):
    type_name = "dropdown"

    class Meta:
        label = _("Drop-down list")
        description = _("One option from a list that opens: good for long lists.")
        icon = "list-ul"

    def make_field(self, value, context, **kwargs):
        from ..fields import OptionsSelect

        return forms.ChoiceField(
            choices=[("", gettext("Select"))] + self.option_choices(value),
            widget=OptionsSelect,
            **kwargs,
        )


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
    json_shape = "list"

    def to_storage(self, cleaned):
        return list(cleaned or [])

    def input_from_json(self, value):
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(gettext("Send this answer as a list of the chosen options."))
        return list(value)

    @staticmethod
    def display(definition, stored):
        return "; ".join(stored or [])

    @staticmethod
    def tokens(definition, stored):
        return {token(item) for item in stored or []}


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


class MultiSelectBlock(MultipleChoiceMixin, ChoiceFieldBlock):
    type_name = "multiselect"

    class Meta:
        label = _("Multiple select")
        description = _("Any number of options from a list box.")
        icon = "list-ul"

    def make_field(self, value, context, **kwargs):
        return forms.MultipleChoiceField(choices=self.option_choices(value), **kwargs)


class BooleanMixin:
    json_shape = "boolean"

    def input_from_json(self, value):
        if value is None:
            return []
        if not isinstance(value, bool):
            raise ValueError(gettext("Send this answer as true or false."))
        return ["on"] if value else []

    @staticmethod
    def display(definition, stored):
        return gettext("Yes") if stored else gettext("No")

    @staticmethod
    def tokens(definition, stored):
        return {"sim"} if stored else {"nao"}


class CheckboxBlock(BooleanMixin, FieldBlock):
    type_name = "checkbox"

    class Meta:
        label = _("Checkbox")
        description = _("A single box to tick: yes or no.")
        icon = "tick-inverse"

    def make_field(self, value, context, **kwargs):
        return forms.BooleanField(**kwargs)


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
