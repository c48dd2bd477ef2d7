"""Step-by-step navigation: a journey of numbered steps, each made of tasks.

Follows GOV.UK's step-by-step pattern: steps open and close (with
``<details>``, so without JavaScript too), a step may be joined to the one
before by "and" or "or", and every page a task links to shows a "Part of"
box pointing back here (see ``ContentPageMixin.part_of_step_by_steps``).
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.page_forms import SitePageForm
from home.routing import RoutedPageMixin
from services.blocks import CallToActionBlock, StepsStreamBlock, number_steps

from .mixins import STEMS_FIELD, ContentPageMixin
from .taxonomy import Topic


class StepByStepPage(RoutedPageMixin, ContentPageMixin, Page):
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two plain sentences: what the reader will have done at the end."),
    )
    steps = StreamField(StepsStreamBlock(), verbose_name=_("steps"))
    call_to_action = StreamField(
        [("call_to_action", CallToActionBlock())],
        verbose_name=_("call to action"),
        blank=True,
        max_num=1,
        help_text=_("An optional button after the steps, e.g. to start a complaint."),
    )
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("topics"), related_name="step_by_step_pages", blank=True
    )

    base_form_class = SitePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("steps"),
        FieldPanel("call_to_action"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("steps"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.SearchField(STEMS_FIELD),
    ]

    parent_page_types = ["services.TopicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("step-by-step page")
        verbose_name_plural = _("step-by-step pages")

    def numbered_steps(self):
        return number_steps(self.steps)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["numbered_steps"] = self.numbered_steps()
        return context
