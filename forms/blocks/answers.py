"""Reading stored answers through their field type, found by the name the
schema snapshot keeps (so a submission reads as it was sent, whatever the form
has become since)."""

from .base import FieldBlock
from .steps import FIELD_TYPES


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
