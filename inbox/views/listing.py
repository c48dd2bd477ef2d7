"""The case list in the admin: Wagtail's listing view on the inbox's query,
rendered by Wagtail's table with the columns of `columns.py`."""

from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic import BaseListingView, PermissionCheckedMixin

from forms.models import Submission

from .. import listing, permissions
from ..statuses import Status
from .columns import case_columns


class CappedPaginator(WagtailPaginator):
    """Counts at most CAP rows: an exact count of a million rows costs more than
    the page itself, and nobody pages that far (they filter)."""

    CAP = 1_000

    @cached_property
    def count(self):
        # Unordered: which rows are counted does not matter, and the sort would
        # make PostgreSQL read every match before counting.
        return self.object_list.order_by()[: self.CAP + 1].count()

    @cached_property
    def items_count_label(self):
        if self.count > self.CAP:
            return _("more than %(count)s submissions") % {
                "count": f"{self.CAP:,}".replace(",", ".")
            }
        return super().items_count_label


class CaseIndexView(PermissionCheckedMixin, BaseListingView):
    """The inbox's index (`InboxViewSet` gives it the policy, the icon and the URL names)."""

    template_name = "inbox/case_index.html"
    breadcrumbs_items = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]
    page_title = _("Cases")
    header_icon = "tasks"
    permission_policy = permissions.policy
    permission_required = "view"
    index_url_name = "inbox:index"
    index_results_url_name = "inbox:index_results"
    is_searchable = True
    filterset_class = listing.CaseFilterSet
    default_ordering = listing.DEFAULT_ORDERING
    paginate_by = 50
    paginator_class = CappedPaginator
    model = Submission

    @cached_property
    def columns(self):
        return case_columns()

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
        names = listing.municipality_names()
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
                "staff": listing.staff_choices()
                if is_supervisor
                else [(str(user.pk), user.get_full_name() or user.get_username())],
                "query_string": self.request.GET.urlencode(),
            }
        )
        return context
