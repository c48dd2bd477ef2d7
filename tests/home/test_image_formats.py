"""Rich-text images are resized renditions with their size, loaded lazily."""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import expand_db_html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("format_name", "width"), [("fullwidth", 800), ("left", 500)])
def test_rich_text_image_is_a_lazy_rendition_with_its_size(format_name, width):
    image = get_image_model().objects.create(
        title="Nota fiscal", file=get_test_image_file(size=(1200, 900))
    )
    html = expand_db_html(
        f'<embed embedtype="image" id="{image.pk}" format="{format_name}" alt="Nota fiscal"/>'
    )
    assert 'loading="lazy"' in html
    assert 'decoding="async"' in html
    assert 'alt="Nota fiscal"' in html
    assert f'width="{width}"' in html
    assert "/images/" in html  # a rendition, not the original upload
    assert "original_images" not in html
