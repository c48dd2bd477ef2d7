"""The guidance section: the topic index (with a page per topic) and guidance pages."""

import datetime

from django import forms
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home import i18n
from home.page_forms import SitePageForm
from home.routing import RoutedPageMixin
from services.blocks import GuidanceStreamBlock

from .feedback import FeedbackMixin
from .mixins import STEMS_FIELD, ContentPageMixin
from .taxonomy import Topic

RELATED_GUIDANCE_LIMIT = 5


class TopicIndexPage(RoutedPageMixin, RoutablePageMixin, Page):
    """The guidance section (``/orientacoes/``): the list of topics, and a page per topic.

    A topic's page is a route of this page (``tema/<slug>/``), not a Wagtail page
    of its own: topics are snippets shared with the complaint forms, so a page per
    topic would be a second copy of the taxonomy for editors to keep in step.
    Adding a topic under "Temas" gives it a page at once, introduced by the
    topic's description, and listing the guidance and step-by-step pages tagged
    with it. Guidance and step-by-step pages live under this page.
    """

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences under the title.")
    )

    base_form_class = SitePageForm
    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.GuidancePage", "services.StepByStepPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("guidance index")
        verbose_name_plural = _("guidance indexes")

    @classmethod
    def topic_path(cls, topic):
        """The part of a topic page's address after this page's own, e.g. ``tema/bancos/``."""
        return cls.get_resolver().reverse("topic", topic.slug)

    def topic_url(self, topic, request=None):
        return self.get_url(request) + self.topic_path(topic)

    @path("")
    def topics_view(self, request):
        topics = Topic.objects.annotate(
            guidance_count=Count(
                "guidance_pages",
                filter=models.Q(guidance_pages__live=True),
                distinct=True,
            )
        )
        entries = [(topic, self.topic_url(topic, request)) for topic in topics]
        return self.render(request, context_overrides={"topic_entries": entries})

    @path("tema/<slug:slug>/", name="topic")
    def topic_view(self, request, slug):
        from .news import NewsIndexPage
        from .step_by_step import StepByStepPage

        topic = get_object_or_404(Topic, slug=slug)
        # A translated index lists what the Portuguese one does, each page in the
        # reader's language where it is translated (in Portuguese where not yet).
        index = self.get_translation_or_none(i18n.default_locale_id()) or self
        guidance = (
            GuidancePage.objects.live()
            .public()
            .descendant_of(index)
            .filter(topics=topic)
            .order_by("title")
        )
        step_by_steps = (
            StepByStepPage.objects.live()
            .public()
            .descendant_of(index)
            .filter(topics=topic)
            .order_by("title")
        )
        if index.pk != self.pk:
            guidance = [page.localized for page in guidance]
            step_by_steps = [page.localized for page in step_by_steps]
        news_index = NewsIndexPage.objects.live().public().first()
        news = news_index.latest_news(topic)[:3] if news_index else []
        return self.render(
            request,
            template="services/topic_page.html",
            context_overrides={
                "topic": topic,
                "guidance_pages": guidance,
                "step_by_steps": step_by_steps,
                "news_index": news_index,
                "news": news,
                "canonical_url": self.get_full_url(request) + self.topic_path(topic),
            },
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"]
        urls.extend(
            {"location": base + self.topic_path(topic)} for topic in Topic.objects.only("slug")
        )
        return urls


class GuidancePage(RoutedPageMixin, FeedbackMixin, ContentPageMixin, Page):
    """A plain-language explanation of one consumer right or problem."""

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_(
            "One or two plain sentences: what the reader will learn. Shown under the "
            "title, in lists and in search results."
        ),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        default=datetime.date.today,
        help_text=_("When someone last checked the text is right. Shown to readers."),
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), related_name="guidance_pages")
    body = StreamField(GuidanceStreamBlock(), verbose_name=_("body"))

    base_form_class = SitePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("last_reviewed"),
            ],
            heading=_("Classification and review"),
        ),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.SearchField(STEMS_FIELD),
    ]

    parent_page_types = ["services.TopicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guidance page")
        verbose_name_plural = _("guidance pages")

    def related_guidance(self, topic_ids):
        """Other live guidance sharing a topic, those sharing most topics first."""
        if not topic_ids:
            return GuidancePage.objects.none()
        return (
            GuidancePage.objects.live()
            .public()
            .filter(topics__in=topic_ids, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .annotate(shared_topics=Count("pk"))
            .order_by("-shared_topics", "title")[:RELATED_GUIDANCE_LIMIT]
        )

    def get_context(self, request, *args, **kwargs):
        # Lazy: the template keeps the parts that use these rendered between
        # requests ({% cache %}), so most requests never run their queries.
        context = super().get_context(request, *args, **kwargs)
        topics = SimpleLazyObject(lambda: list(self.topics.all()))

        def topic_links():
            index_page = TopicIndexPage.objects.parent_of(self).first()
            if not index_page:
                return []
            return [(topic, index_page.topic_url(topic, request)) for topic in topics]

        context["topic_links"] = SimpleLazyObject(topic_links)
        context["related_guidance"] = SimpleLazyObject(
            lambda: list(self.related_guidance([topic.pk for topic in topics]))
        )
        # .public() queries view restrictions as soon as it is called.
        context["part_of"] = SimpleLazyObject(lambda: list(self.part_of_step_by_steps()))
        return context
