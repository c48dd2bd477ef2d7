"""The case list in the admin: Wagtail's listing view on the inbox's query."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView

from forms.models import Submission
from forms.reference import Municipality

from .. import listing, permissions
from ..statuses import Status, status_label
from ..workflow import WORKFLOWS


class CappedPaginator(WagtailPaginator):
    """Counts at most CAP rows: an exact count of a million rows costs more than
    the page itself, and nobody pages that far (they filter)."""

    CAP = 1_000

    @cached_property
    def count(self):
        return self.object_list[: self.CAP + 1].count()

    @cached_property
    def items_count_label(self):
        if self.count > self.CAP:
            return _("more than %(count)s submissions") % {
                "count": f"{self.CAP:,}".replace(",", ".")
            }
        return super().items_count_label


class SelectColumn(BaseColumn):
    cell_template_name = "inbox/tables/select_cell.html"
    header_template_name = "inbox/tables/select_header.html"


class DeadlineColumn(Column):
    cell_template_name = "inbox/tables/deadline_cell.html"

    def get_value(self, instance):
        return instance.case.deadline

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        days_left = instance.case.days_left()
        context["days_left"] = days_left
        context["days_overdue"] = -days_left if days_left is not None and days_left < 0 else 0
        return context


def assignee_name(submission):
    user = submission.case.assignee
    return (user.get_full_name() or user.get_username()) if user else ""


class CaseIndexView(BaseListingView):
    template_name = "inbox/case_index.html"
    breadcrumbs_items = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]
    page_title = _("Cases")
    header_icon = "tasks"
    index_url_name = "inbox:index"
    index_results_url_name = "inbox:index_results"
    is_searchable = True
    filterset_class = listing.CaseFilterSet
    default_ordering = listing.DEFAULT_ORDERING
    paginate_by = 50
    paginator_class = CappedPaginator
    model = Submission

    def dispatch(self, request, *args, **kwargs):
        if not permissions.policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            SelectColumn("select", label=_("Select")),
            TitleColumn(
                "protocol",
                label=_("Protocol"),
                sort_key="protocol",
                get_url=lambda obj: reverse("inbox:case", args=[obj.pk]),
            ),
            Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
            Column("form", label=_("Form"), accessor="page.title", sort_key="form"),
            Column(
                "status",
                label=_("Status"),
                accessor=lambda obj: status_label(obj.status),
                sort_key="status",
            ),
            Column("consumer", label=_("Consumer"), accessor="consumer_name", sort_key="consumer"),
            Column("supplier", label=_("Supplier"), accessor="supplier_name", sort_key="supplier"),
            Column(
                "municipality",
                label=_("Municipality"),
                accessor="municipality_name",
                sort_key="municipality",
            ),
            Column("assignee", label=_("Assignee"), accessor=assignee_name, sort_key="assignee"),
            DateColumn(
                "received", label=_("Received"), accessor="submit_time", sort_key="received"
            ),
            DeadlineColumn("deadline", label=_("Deadline"), sort_key="deadline"),
        ]

    def get_base_queryset(self):
        return listing.base_queryset(self.request.user)

    def filter_queryset(self, queryset):
        if self.filters and self.filters.is_valid():
            return self.filters.filter_queryset(queryset)
        return queryset.exclude(status=Status.SPAM)

    def search_queryset(self, queryset):
        return listing.search(queryset, self.search_query)

    def order_queryset(self, queryset):
        return listing.order(queryset, self.ordering)

    def get_table(self, object_list):
        rows = list(object_list)
        codes = {row.consumer_municipality for row in rows if row.consumer_municipality}
        names = dict(
            Municipality.objects.filter(ibge_code__in=codes).values_list("ibge_code", "name")
        )
        for row in rows:
            row.municipality_name = names.get(row.consumer_municipality, "")
        return super().get_table(rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        is_supervisor = permissions.is_supervisor(user)
        context.update(
            {
                "is_supervisor": is_supervisor,
                "staff": permissions.case_staff() if is_supervisor else [user],
                "bulk_actions": bulk_action_choices(),
                "query_string": self.request.GET.urlencode(),
            }
        )
        return context


def bulk_action_choices():
    """Every action name staff can take somewhere, labelled (the workflow checks each case)."""
    seen = {}
    for table in WORKFLOWS.values():
        for action in table.values():
            by_staff = "staff" in action.who or "supervisor" in action.who
            if by_staff and not action.reason_required and not action.needs_duplicate_of:
                seen.setdefault(action.name, action.label)
    return sorted(seen.items(), key=lambda item: str(item[1]))
