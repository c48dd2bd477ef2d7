"""Admin views for readers' feedback: every answer, and a summary per page."""

import django_filters
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from .models import PageFeedback


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """Readers write feedback; staff may view and delete it, never add or edit it."""

    def user_has_permission(self, user, action):
        if action in {"add", "change"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def pages_with_feedback(request=None):
    return Page.objects.filter(pk__in=PageFeedback.objects.values("page")).order_by("title")


class PageFeedbackFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(label=_("Page"), queryset=pages_with_feedback)
    useful = django_filters.BooleanFilter(label=_("Useful"))
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Sent between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = PageFeedback
        fields = ["page", "useful", "created_at"]


class PageFeedbackIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")


class PageFeedbackViewSet(ModelViewSet):
    model = PageFeedback
    name = "page_feedback"
    url_prefix = "avaliacoes"
    icon = "comment"
    menu_label = _("Page feedback")
    add_to_admin_menu = False
    index_view_class = PageFeedbackIndexView
    list_display = [
        "page",
        Column("useful", label=_("Useful"), accessor="useful_display"),
        "comment",
        DateColumn("created_at", label=_("Sent at")),
    ]
    filterset_class = PageFeedbackFilterSet
    list_export = ["page", "useful", "comment", "created_at"]
    search_fields = ["comment"]
    search_backend_name = None
    inspect_view_enabled = True
    form_fields = ["useful", "comment"]  # never used to edit: the policy forbids it
    ordering = ["-created_at"]


class FeedbackSummaryView(ReportView):
    """How many readers found each page useful or not, with a link to the comments."""

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(PageFeedback)

    page_title = _("Page feedback by page")
    header_icon = "comment"
    index_url_name = "services_feedback_summary"
    index_results_url_name = "services_feedback_summary_results"
    any_permission_required = ["view", "delete"]
    list_export = ["title", "useful_count", "not_useful_count", "comment_count"]
    export_headings = {
        "title": _("Page"),
        "useful_count": _("Yes"),
        "not_useful_count": _("No"),
        "comment_count": _("Comments"),
    }
    columns = [
        TitleColumn(
            "title",
            label=_("Page"),
            get_url=lambda page: reverse("page_feedback:index") + f"?page={page.pk}",
        ),
        Column("useful_count", label=_("Yes")),
        Column("not_useful_count", label=_("No")),
        Column("comment_count", label=_("Comments")),
    ]

    def get_queryset(self):
        return pages_with_feedback().annotate(
            useful_count=Count("services_feedback", filter=Q(services_feedback__useful=True)),
            not_useful_count=Count("services_feedback", filter=Q(services_feedback__useful=False)),
            comment_count=Count("services_feedback", filter=~Q(services_feedback__comment="")),
        )
