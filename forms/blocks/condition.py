"""The condition every field, information block and step may carry: show it
only when an earlier answer matches (evaluated by `forms.conditions`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from ..conditions import ANSWERED, EQUALS, NOT_EQUALS


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

    def get_translatable_segments(self, value):
        # A field's key and an option as stored: the same in every language.
        return []

    def clean(self, value):
        value = super().clean(value)
        if value.get("field") and value.get("operator") != ANSWERED and not value.get("value"):
            raise StructBlockValidationError(
                block_errors={"value": ValidationError(_("Give the value to compare with."))}
            )
        return value
