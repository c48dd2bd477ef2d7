"""The case list in the admin: Wagtail's listing view on the inbox's query."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse, reverse_lazy
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.html import avoid_wrapping, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, Table, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView

from forms.models import FormKind, Submission

from .. import listing, permissions
from ..statuses import Status, status_label


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


class SelectColumn(BaseColumn):
    header_template_name = "inbox/tables/select_header.html"


def assignee_name(submission):
    user = submission.case.assignee
    return (user.get_full_name() or user.get_username()) if user else ""


def time_ago(value, now):
    """Wagtail's `timesince_simple` ("5 minutes ago") for one row, working out
    only the unit it shows."""
    period = timesince(value, now, depth=1)
    if period == avoid_wrapping(gettext("0 minutes")):
        return gettext("just now")
    return gettext("%(time_period)s ago") % {"time_period": period}


def deadline_note(days_left):
    if days_left is None:
        return ""
    if days_left < 0:
        return ngettext("overdue by %(days)s day", "overdue by %(days)s days", -days_left) % {
            "days": -days_left
        }
    return ngettext("%(days)s day left", "%(days)s days left", days_left) % {"days": days_left}


class CaseTable(Table):
    """The case rows in one template loop, their cells worked out here.

    Wagtail's table renders one template per cell (550 on a page of 50), which
    took longer than the query; the column objects still render the headers
    and their sort links.
    """

    template_name = "inbox/tables/case_table.html"

    @property
    def case_rows(self):
        """The body rows' HTML, built here: one `format_html` per row costs a
        tenth of a template loop resolving a dozen variables per row."""
        now = timezone.now()
        today = timezone.localdate(now)
        kinds = dict(FormKind.choices)
        tooltip_format = get_format("DATETIME_FORMAT") or "N j, Y, P"
        # One reverse() for the page; every row's address differs only by its pk.
        case_url = reverse("inbox:case", args=[0]).rsplit("0", 1)
        ago = {}  # rows received in the same minute read the same
        rows = []
        for submission in self.data:
            case = submission.case
            received = timezone.localtime(submission.submit_time)
            rows.append(
                format_html(
                    ROW_HTML,
                    pk=submission.pk,
                    select_label=gettext("Select %(protocol)s") % {"protocol": submission.protocol},
                    url=f"{case_url[0]}{submission.pk}{case_url[1]}",
                    protocol=submission.protocol,
                    kind=kinds.get(submission.kind, submission.kind),
                    form=submission.page.title,
                    status=status_label(submission.status),
                    consumer=submission.consumer_name,
                    supplier=submission.supplier_name,
                    municipality=submission.municipality_name,
                    assignee=assignee_name(submission),
                    received_iso=received.isoformat(),
                    received_tooltip=dateformat.format(received, tooltip_format),
                    received_ago=ago.get(minute := int((now - received).total_seconds() // 60))
                    or ago.setdefault(minute, capfirst(time_ago(received, now))),
                    deadline=deadline_cell(case.deadline, case.days_left(today)),
                )
            )
        return mark_safe("\n".join(rows))  # noqa: S308 - each row escaped by format_html


ROW_HTML = (
    "<tr>"
    '<td><input type="checkbox" name="ids" value="{pk}" form="inbox-bulk"'
    ' aria-label="{select_label}"></td>'
    '<td class="title"><div class="title-wrapper"><a href="{url}">{protocol}</a></div></td>'
    "<td>{kind}</td><td>{form}</td><td>{status}</td><td>{consumer}</td><td>{supplier}</td>"
    "<td>{municipality}</td><td>{assignee}</td>"
    '<td><button type="button" class="w-human-readable-date" data-controller="w-tooltip"'
    ' data-w-tooltip-content-value="{received_tooltip}" data-w-tooltip-placement-value="top">'
    '<time class="w-human-readable-date__date" datetime="{received_iso}">{received_ago}</time>'
    "</button></td>"
    "<td>{deadline}</td>"
    "</tr>"
)


def deadline_cell(deadline, days_left):
    if deadline is None:
        return ""
    note = deadline_note(days_left)
    return format_html(
        "{}<br><small>{}</small>",
        deadline.strftime("%d/%m/%Y"),
        format_html("<strong>{}</strong>", note) if days_left < 0 else note,
    )


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
    table_class = CaseTable
    model = Submission

    def dispatch(self, request, *args, **kwargs):
        if not permissions.policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            # Headers (labels, sort links); the cells are CaseTable's template.
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
            Column("deadline", label=_("Deadline"), sort_key="deadline"),
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
