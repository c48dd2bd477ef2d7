"""The access log, for supervisors: Wagtail's site history report (its view,
filters, table and exports) over the log entries the reader may see, with one
change: its user filter offers everyone who wrote such an entry. Wagtail 8.0's
report builds that list from the page log only, so it offered no attendant and
a supervisor could not ask "what did this person open?"."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
    get_users_for_filter,
)

from .. import permissions


class AccessLogFilterSet(SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        return get_users_for_filter(self.request.user)


class AccessLogView(LogEntriesView):
    page_title = _("Access log")
    filterset_class = AccessLogFilterSet
    index_url_name = "inbox_access_log:index"
    index_results_url_name = "inbox_access_log:results"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.may_read_access_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
