"""Step and field blocks: what editors put together to define a form.

Each field type is one block class that knows its Django form field
(`make_field`), how its cleaned value is stored as JSON (`to_storage`), how a
stored answer reads to a person (`display`) and how it is matched by conditions
(`tokens`). The modules, by concern:

- `base`: `FieldBlock`, the base of every type, and the rules for field keys;
- `condition`: the "show only when" block of fields and steps;
- `text`, `choice`, `dates`, `brazil` (CPF, CNPJ, CEP, phone, money,
  municipality, address), `lookups` (supplier, problem), `files`: the types;
- `steps`: `StepBlock` and its stream, with `FIELD_TYPES`, every type by name
  (a new type is a new class, listed there);
- `answers`: reading stored answers through their type.

Every public name is importable from `forms.blocks`. The blocks are
StructBlocks, which Wagtail freezes into migrations as plain
`wagtail.blocks.StructBlock` definitions, so no migration names these modules.
"""

from .answers import answers_by_role, display_answer, field_type
from .base import AUTOCOMPLETE, KEY_RE, RESERVED_KEYS, FieldBlock, key_from_label
from .brazil import (
    AddressBlock,
    CEPBlock,
    CNPJBlock,
    CPFBlock,
    MoneyBlock,
    MunicipalityBlock,
    PhoneBlock,
    SimpleBrazilianBlock,
)
from .choice import (
    BooleanMixin,
    CheckboxBlock,
    CheckboxesBlock,
    ChoiceFieldBlock,
    DeclarationBlock,
    DropdownBlock,
    MultipleChoiceMixin,
    MultiSelectBlock,
    RadioBlock,
)
from .condition import ConditionBlock
from .dates import DateBlock, DateTimeBlock, not_in_future
from .files import FileBlock
from .lookups import ProblemBlock, SupplierBlock
from .steps import FIELD_BLOCKS, FIELD_TYPES, InformationBlock, StepBlock
from .text import EmailBlock, HiddenBlock, MultiLineBlock, NumberBlock, SingleLineBlock, URLBlock

__all__ = [
    "AUTOCOMPLETE",
    "FIELD_BLOCKS",
    "FIELD_TYPES",
    "KEY_RE",
    "RESERVED_KEYS",
    "AddressBlock",
    "BooleanMixin",
    "CEPBlock",
    "CNPJBlock",
    "CPFBlock",
    "CheckboxBlock",
    "CheckboxesBlock",
    "ChoiceFieldBlock",
    "ConditionBlock",
    "DateBlock",
    "DateTimeBlock",
    "DeclarationBlock",
    "DropdownBlock",
    "EmailBlock",
    "FieldBlock",
    "FileBlock",
    "HiddenBlock",
    "InformationBlock",
    "MoneyBlock",
    "MultiLineBlock",
    "MultiSelectBlock",
    "MultipleChoiceMixin",
    "MunicipalityBlock",
    "NumberBlock",
    "PhoneBlock",
    "ProblemBlock",
    "RadioBlock",
    "SimpleBrazilianBlock",
    "SingleLineBlock",
    "StepBlock",
    "SupplierBlock",
    "URLBlock",
    "answers_by_role",
    "display_answer",
    "field_type",
    "key_from_label",
    "not_in_future",
]
