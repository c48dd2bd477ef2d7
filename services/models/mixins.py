"""Behaviour shared by the content pages: topics, step-by-step membership, SEO."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex


class ContentPageMixin:
    """What every guidance, step-by-step and news page offers its templates."""

    #: Open Graph type of the page (https://ogp.me/#types).
    og_type = "article"

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
