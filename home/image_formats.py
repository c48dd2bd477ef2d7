"""Images that editors put in rich text: resized renditions (never the uploaded
original, often several megabytes from a phone) with their width and height, loaded
lazily so a page's text arrives first on a weak connection."""

from wagtail.images import formats
from wagtail.images.formats import Format, register_image_format, unregister_image_format

# Wagtail's own formats and rendition sizes, kept with their labels.
SIZES = {"fullwidth": "width-800", "left": "width-500", "right": "width-500"}


class LazyFormat(Format):
    def image_to_html(self, image, alt_text, extra_attributes=None):
        attributes = {"loading": "lazy", "decoding": "async", **(extra_attributes or {})}
        return super().image_to_html(image, alt_text, attributes)


for name, filter_spec in SIZES.items():
    stock = formats.FORMATS_BY_NAME[name]
    unregister_image_format(name)
    register_image_format(LazyFormat(name, stock.label, stock.classname, filter_spec))
