"""Behaviour shared by the content pages: topics, step-by-step membership, SEO."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Manager, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex
from wagtail.search import index

from services.stemming import text_stems

STEMS_FIELD = "search_stems"


class ContentPageMixin:
    """What every guidance, step-by-step and news page offers its templates."""

    #: Open Graph type of the page (https://ogp.me/#types).
    og_type = "article"

    def search_stems(self):
        """The Portuguese stems of everything else this page indexes (see services.stemming).

        Indexed as one more search field, so the stems live in the page's own
        index entry and change whenever Wagtail re-indexes the page (on publish).
        """
        return text_stems(" ".join(_searchable_texts(self, self.get_search_fields())))

    def get_meta_description(self):
        """The editor's search description, or the plain-language summary."""
        return self.search_description or getattr(self, "summary", "")

    def part_of_step_by_steps(self):
        """Live step-by-step pages that link to this page from one of their tasks.

        Wagtail's reference index already records every page a StreamField
        points to, so this is one query whatever the number of step-by-steps,
        and it follows the published content (drafts are not indexed).
        """
        from .step_by_step import StepByStepPage

        referencing = ReferenceIndex.objects.filter(
            content_type=ContentType.objects.get_for_model(StepByStepPage),
            to_content_type=ContentType.objects.get_for_model(Page),
            to_object_id=str(self.pk),
        ).values(
            # object_id is text (the index holds any model); page ids are integers.
            object_pk=Cast("object_id", output_field=IntegerField())
        )
        return (
            StepByStepPage.objects.live()
            .public()
            .filter(pk__in=Subquery(referencing))
            .exclude(pk=self.pk)
            .order_by("title")
        )


def _searchable_texts(obj, fields):
    for field in fields:
        if isinstance(field, index.SearchField) and field.field_name != STEMS_FIELD:
            yield from _flatten(field.get_value(obj))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            related = related.all() if isinstance(related, Manager) else [related]
            for item in related:
                if item is not None:
                    yield from _searchable_texts(item, field.fields)


def _flatten(value):
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        yield from _flatten(list(value.values()))
    elif value is not None:
        yield str(value)
