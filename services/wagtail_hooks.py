"""Admin: the topic taxonomy as snippets ("Temas") and the readers' feedback reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import FeedbackPermissionPolicy, FeedbackSummaryView, PageFeedbackViewSet
from .models import PageFeedback, Problem, Subject, Topic


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
