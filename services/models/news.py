"""News: an index with pagination and a topic filter, and dated articles."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.page_forms import SitePageForm
from home.routing import RoutedPageMixin
from services.blocks import NewsStreamBlock

from .mixins import STEMS_FIELD, ContentPageMixin
from .taxonomy import Topic

NEWS_PER_PAGE = 10
TOPIC_PARAM = "tema"
PAGE_PARAM = "pagina"


class NewsIndexPage(RoutedPageMixin, Page):
    """The news section (``/noticias/``)."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences under the title.")
    )

    base_form_class = SitePageForm
    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def latest_news(self, topic=None):
        news = (
            NewsPage.objects.live()
            .public()
            .child_of(self)
            .order_by("-date", "-pk")
            .prefetch_related("topics")
        )
        if topic is not None:
            news = news.filter(topics=topic)
        return news

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = list(Topic.objects.filter(news_pages__live=True).distinct())
        selected = next((t for t in topics if t.slug == request.GET.get(TOPIC_PARAM)), None)
        paginator = Paginator(self.latest_news(selected), NEWS_PER_PAGE)
        context.update(
            topics=topics,
            selected_topic=selected,
            news_page=paginator.get_page(request.GET.get(PAGE_PARAM)),
            topic_param=TOPIC_PARAM,
            page_param=PAGE_PARAM,
        )
        return context


class NewsPage(RoutedPageMixin, ContentPageMixin, Page):
    date = models.DateField(_("date"), default=datetime.date.today)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences shown in the news list and in search results."),
    )
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("topics"), related_name="news_pages", blank=True
    )
    body = StreamField(NewsStreamBlock(), verbose_name=_("body"))

    base_form_class = SitePageForm
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.SearchField(STEMS_FIELD),
        index.FilterField("date"),
    ]

    parent_page_types = ["services.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = list(self.topics.all())
        return context
