"""Admin: the topic taxonomy as snippets ("Temas"), the readers' feedback reports and
the search reports (searches without results, resolved without complaining)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import FeedbackPermissionPolicy, FeedbackSummaryView, PageFeedbackViewSet
from .models import (
    PageFeedback,
    Problem,
    Subject,
    SuggestionOpening,
    Topic,
    UnansweredSearch,
)
from .search_reports import SuggestionReportView, UnansweredSearchReportView


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "description"]
    search_backend_name = None
    list_export = ["name", "slug", "description", "sort_order"]
    ordering = ["sort_order", "name"]


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "folder-open-inverse"
    menu_label = _("Subjects")
    list_display = ["name", Column("topic", label=_("Topic")), "slug", "sort_order"]
    list_filter = ["topic"]
    search_fields = ["name"]
    search_backend_name = None
    list_export = ["topic", "name", "slug", "sort_order"]
    ordering = ["topic__sort_order", "topic__name", "sort_order", "name"]

    def get_queryset(self, request):
        return Subject.objects.select_related("topic")


class ProblemViewSet(SnippetViewSet):
    model = Problem
    icon = "warning"
    menu_label = _("Problems")
    list_display = ["name", Column("subject", label=_("Subject")), "slug", "sort_order"]
    list_filter = ["subject__topic", "subject"]
    search_fields = ["name"]
    search_backend_name = None
    list_export = ["subject", "name", "slug", "sort_order"]
    ordering = ["subject__topic__sort_order", "subject__sort_order", "sort_order", "name"]

    def get_queryset(self, request):
        return Problem.objects.select_related("subject__topic")


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (TopicViewSet, SubjectViewSet, ProblemViewSet)
    menu_icon = "tag"
    menu_label = _("Topics")
    menu_name = "temas"
    menu_order = 250


register_snippet(TaxonomyViewSetGroup)

# Registered before the viewset so the admin (listing, menu, reports) uses it everywhere.
register_permission_policy(PageFeedback, FeedbackPermissionPolicy(PageFeedback), exact_class=True)
page_feedback_viewset = PageFeedbackViewSet()


@hooks.register("register_admin_viewset")
def register_page_feedback_viewset():
    return page_feedback_viewset


@hooks.register("register_admin_urls")
def register_feedback_summary_urls():
    return [
        path(
            "avaliacoes-por-pagina/",
            FeedbackSummaryView.as_view(),
            name="services_feedback_summary",
        ),
        path(
            "avaliacoes-por-pagina/resultados/",
            FeedbackSummaryView.as_view(results_only=True),
            name="services_feedback_summary_results",
        ),
    ]


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(PageFeedback).user_has_any_permission(
            request.user, ["view", "delete"]
        )


@hooks.register("register_reports_menu_item")
def register_feedback_summary_menu_item():
    return FeedbackMenuItem(
        _("Page feedback by page"),
        reverse("services_feedback_summary"),
        name="page-feedback-summary",
        icon_name="comment",
        order=1000,
    )


@hooks.register("register_reports_menu_item")
def register_feedback_entries_menu_item():
    return FeedbackMenuItem(
        _("Page feedback"),
        reverse("page_feedback:index"),
        name="page-feedback",
        icon_name="comment",
        order=1010,
    )


# Search and self-help reports ---------------------------------------------------------


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path(
            "buscas-sem-resultado/",
            UnansweredSearchReportView.as_view(),
            name="services_unanswered_searches",
        ),
        path(
            "buscas-sem-resultado/resultados/",
            UnansweredSearchReportView.as_view(results_only=True),
            name="services_unanswered_searches_results",
        ),
        path(
            "resolvidos-sem-reclamacao/",
            SuggestionReportView.as_view(),
            name="services_suggestion_report",
        ),
        path(
            "resolvidos-sem-reclamacao/resultados/",
            SuggestionReportView.as_view(results_only=True),
            name="services_suggestion_report_results",
        ),
    ]


class ViewPermissionMenuItem(MenuItem):
    """Shown to whoever may view the report's model."""

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model

    def is_shown(self, request):
        return ModelPermissionPolicy(self.model).user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_unanswered_searches_menu_item():
    return ViewPermissionMenuItem(
        _("Searches without results"),
        reverse("services_unanswered_searches"),
        name="searches-without-results",
        icon_name="search",
        order=1020,
        model=UnansweredSearch,
    )


@hooks.register("register_reports_menu_item")
def register_suggestion_report_menu_item():
    return ViewPermissionMenuItem(
        _("Resolved without complaining"),
        reverse("services_suggestion_report"),
        name="resolved-without-complaining",
        icon_name="help",
        order=1030,
        model=SuggestionOpening,
    )
