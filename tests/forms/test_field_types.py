"""The field types as a whole: every type class is offered to editors, and the
form pages' stream is frozen into migrations without naming the block modules."""

from forms.blocks import FIELD_BLOCKS, FIELD_TYPES, FieldBlock, StepBlock
from forms.models import FormPage


def concrete_subclasses(cls):
    for subclass in cls.__subclasses__():
        if subclass.type_name:
            yield subclass
        yield from concrete_subclasses(subclass)


def test_every_field_type_class_is_listed_once():
    assert set(concrete_subclasses(FieldBlock)) == set(FIELD_TYPES.values())
    assert len(FIELD_TYPES) == len(set(FIELD_TYPES.values()))
    assert all(name == cls.type_name for name, cls in FIELD_TYPES.items())


def test_a_step_offers_every_type_and_information():
    offered = list(StepBlock().child_blocks["fields"].child_blocks)
    assert offered == [name for name, _ in FIELD_BLOCKS] + ["information"]
    assert offered[:3] == ["singleline", "multiline", "email"]
    assert offered[-2:] == ["file", "information"]


def test_migrations_do_not_name_the_block_modules():
    *_, kwargs = FormPage._meta.get_field("steps").deconstruct()
    paths = [path for path, _, _ in kwargs["block_lookup"].values()]
    assert paths
    assert all(path.startswith("wagtail.") for path in paths), paths
