"""Editors' reports: searches that found nothing, and guidance that solved problems
before a complaint (suggestions opened in the complaint form, journeys never sent)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from .models import SuggestionOpening, UnansweredSearch


class UnansweredSearchReportView(ReportView):
    """What people searched for and did not find: words for new pages or promotions."""

    permission_policy = ModelPermissionPolicy(UnansweredSearch)
    any_permission_required = ["view"]
    page_title = _("Searches without results")
    header_icon = "search"
    index_url_name = "services_unanswered_searches"
    index_results_url_name = "services_unanswered_searches_results"
    is_searchable = True
    search_fields = ["query_string"]
    columns = [
        Column("query_string", label=_("Search term")),
        Column("count", label=_("Searches")),
        DateColumn("last_seen", label=_("Last searched")),
    ]
    list_export = ["query_string", "count", "last_seen"]
    export_headings = {
        "query_string": _("Search term"),
        "count": _("Searches"),
        "last_seen": _("Last searched"),
    }

    def get_queryset(self):
        return UnansweredSearch.objects.order_by("-count", "-last_seen")


def decided_before():
    """Openings older than a draft's lifetime belong to journeys that are over."""
    return timezone.now() - timedelta(days=settings.FORMS_DRAFT_LIFETIME_DAYS)


def resolution_totals():
    """Journeys (complaints being written) that opened a suggestion, by outcome."""
    journeys = SuggestionOpening.objects.exclude(journey="")
    sent = set(journeys.filter(journey_submitted=True).values_list("journey", flat=True))
    recent = set(journeys.filter(opened_at__gte=decided_before()).values_list("journey", flat=True))
    every = set(journeys.values_list("journey", flat=True))
    return {
        "openings": SuggestionOpening.objects.count(),
        "journeys": len(every),
        "sent": len(sent),
        "pending": len(recent - sent),
        "resolved": len(every - sent - recent),
    }


class SuggestionReportView(ReportView):
    """Per suggested page: how often it was opened while writing a complaint, and
    how many of those complaints were never sent ("resolved without complaining")."""

    permission_policy = ModelPermissionPolicy(SuggestionOpening)
    any_permission_required = ["view"]
    page_title = _("Resolved without complaining")
    header_icon = "help"
    index_url_name = "services_suggestion_report"
    index_results_url_name = "services_suggestion_report_results"
    results_template_name = "services/admin/suggestion_report_results.html"
    columns = [
        TitleColumn("title", label=_("Suggested page")),
        Column("opened", label=_("Times opened")),
        Column("sent", label=_("Complaints sent afterwards")),
        Column("resolved", label=_("Complaints never sent")),
        Column("pending", label=_("Complaints still being written")),
    ]
    list_export = ["title", "opened", "sent", "resolved", "pending"]
    export_headings = {
        "title": _("Suggested page"),
        "opened": _("Times opened"),
        "sent": _("Complaints sent afterwards"),
        "resolved": _("Complaints never sent"),
        "pending": _("Complaints still being written"),
    }

    def get_queryset(self):
        cutoff = decided_before()
        journeys = "suggestion_openings__journey"
        with_journey = ~Q(suggestion_openings__journey="")
        return (
            Page.objects.filter(suggestion_openings__isnull=False)
            .annotate(
                opened=Count("suggestion_openings", distinct=True),
                sent=Count(
                    journeys,
                    filter=with_journey & Q(suggestion_openings__journey_submitted=True),
                    distinct=True,
                ),
                resolved=Count(
                    journeys,
                    filter=with_journey
                    & Q(
                        suggestion_openings__journey_submitted=False,
                        suggestion_openings__opened_at__lt=cutoff,
                    ),
                    distinct=True,
                ),
                pending=Count(
                    journeys,
                    filter=with_journey
                    & Q(
                        suggestion_openings__journey_submitted=False,
                        suggestion_openings__opened_at__gte=cutoff,
                    ),
                    distinct=True,
                ),
            )
            .order_by("-opened", "title")
        )

    @cached_property
    def totals(self):
        return resolution_totals()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["totals"] = self.totals
        context["lifetime_days"] = settings.FORMS_DRAFT_LIFETIME_DAYS
        return context
