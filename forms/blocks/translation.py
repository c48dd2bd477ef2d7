"""What a translation of a form changes (wagtail-localize reads these blocks).

A translation carries the texts the citizen reads: step titles and
introductions, labels, help, options, information blocks. The form's structure
stays the Portuguese form's: field keys, conditions and a hidden field's value
are never offered for translation, and the engine builds a translated form from
the Portuguese one, taking only texts from the translation
(`forms.engine.FormDefinition`), so every language stores the same keys and the
same option values.
"""

from wagtail import blocks
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import StreamFieldSegmentExtractor


def text_segments(struct_block, value, untranslated):
    """The translatable segments of a StructBlock's value, leaving out the
    children named in `untranslated`. A list of texts (a field's options) gives
    one segment per item, by the item's id, as wagtail-localize names them
    (its own walk needs the stored list, which a block does not see)."""
    extractor = StreamFieldSegmentExtractor(None)
    segments = []
    for name, child_value in value.items():
        if name in untranslated or name not in struct_block.child_blocks:
            continue
        child = struct_block.child_blocks[name]
        if _is_text_list(child):
            found = [
                StringSegmentValue(item.id, item.value)
                for item in getattr(child_value, "bound_blocks", [])
                if item.value
            ]
        else:
            found = extractor.handle_block(child, child_value)
        segments.extend(segment.wrap(name) for segment in found)
    return segments


def _is_text_list(block):
    return isinstance(block, blocks.ListBlock) and isinstance(block.child_block, blocks.CharBlock)
