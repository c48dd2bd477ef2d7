"""The audit log, for supervisors."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import BaseListingView

from .. import permissions
from ..models import AuditLogEntry


class AuditLogView(BaseListingView):
    page_title = _("Audit log")
    header_icon = "history"
    index_url_name = "inbox:audit"
    index_results_url_name = "inbox:audit_results"
    breadcrumbs_items = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]
    paginate_by = 50
    model = AuditLogEntry
    columns = [
        DateColumn("timestamp", label=_("Time")),
        Column("user", label=_("User")),
        Column("action", label=_("Action")),
        Column("object_type", label=_("Object type")),
        Column("object_id", label=_("Object")),
        Column("ip_address", label=_("IP address")),
        Column("detail", label=_("Detail")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not permissions.policy.user_has_permission(request.user, "audit"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return AuditLogEntry.objects.select_related("user").order_by("-timestamp", "-pk")
