import re

import pytest
from django.urls import reverse
from django.utils import translation

from transparency.forms import SORT_CHOICES, IndicatorFilter
from transparency.indicators import DEFAULT_SORT, SORTS

pytestmark = pytest.mark.django_db


def test_every_sort_has_both_directions():
    values = [value for value, _label in SORT_CHOICES]
    assert sorted(values) == sorted(f"{p}{key}" for key in SORTS for p in ("", "-"))


@pytest.mark.parametrize("language", ["en", "pt-br"])
def test_sort_labels_are_distinct(language):
    with translation.override(language):
        labels = [str(label) for _value, label in IndicatorFilter().fields["ordem"].choices]
    assert len(labels) == len(set(labels)) == 2 * len(SORTS)


def test_the_list_shows_the_sort_the_page_uses(client, site):
    """Opened without a choice, the page is sorted by the default, and the list (which
    shows its first option when none is selected) names that sort."""
    page = client.get(reverse("transparency:suppliers")).content.decode()
    select = re.search(r'<select name="ordem".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options[0][0] == DEFAULT_SORT
    assert "selected" not in select
    labels = [label for _value, label in options]
    assert len(labels) == len(set(labels)) == 2 * len(SORTS)

    page = client.get(reverse("transparency:suppliers"), {"ordem": "nome"}).content.decode()
    assert '<option value="nome" selected>' in page
