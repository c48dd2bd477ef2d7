"""A step of a form: its title and introduction, and a stream of field and
information blocks. `FormPage.steps` is a stream of these."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .brazil import (
    AddressBlock,
    CEPBlock,
    CNPJBlock,
    CPFBlock,
    MoneyBlock,
    MunicipalityBlock,
    PhoneBlock,
)
from .choice import (
    CheckboxBlock,
    CheckboxesBlock,
    DeclarationBlock,
    DropdownBlock,
    MultiSelectBlock,
    RadioBlock,
)
from .condition import ConditionBlock
from .dates import DateBlock, DateTimeBlock
from .files import FileBlock
from .lookups import ProblemBlock, SupplierBlock
from .text import EmailBlock, HiddenBlock, MultiLineBlock, NumberBlock, SingleLineBlock, URLBlock


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


# Every field type by the name its answers are stored under, in the order of
# the editor's block picker (the form pages' migrations freeze this order).
FIELD_TYPES = {
    cls.type_name: cls
    for cls in (
        SingleLineBlock,
        MultiLineBlock,
        EmailBlock,
        URLBlock,
        HiddenBlock,
        NumberBlock,
        DropdownBlock,
        RadioBlock,
        CheckboxesBlock,
        MultiSelectBlock,
        CheckboxBlock,
        DeclarationBlock,
        DateBlock,
        DateTimeBlock,
        CPFBlock,
        CNPJBlock,
        CEPBlock,
        PhoneBlock,
        MoneyBlock,
        MunicipalityBlock,
        AddressBlock,
        SupplierBlock,
        ProblemBlock,
        FileBlock,
    )
}
FIELD_BLOCKS = [(type_name, cls()) for type_name, cls in FIELD_TYPES.items()]


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
