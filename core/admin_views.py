"""Admin report "Envios de e-mail com falha": emails not (yet) delivered, with a
"send again" button, for whoever holds the outbox's `view_outboundemail`
permission (no group holds it by default: superusers), through the model's
permission policy."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from . import outbox
from .admin_ui import FormColumn
from .models import OutboundEmail

policy = ModelPermissionPolicy(OutboundEmail)


def unsent():
    return OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT)


def kind_choices():
    kinds = unsent().filter(attempts__gt=0).order_by("kind").values_list("kind", flat=True)
    return [(kind, kind) for kind in kinds.distinct()]


class FailedEmailFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (OutboundEmail.Status.PENDING, OutboundEmail.Status.PENDING.label),
            (OutboundEmail.Status.FAILED, OutboundEmail.Status.FAILED.label),
        ],
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=kind_choices, empty_label=_("All"))
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Created"), widget=DateRangePickerWidget
    )

    class Meta:
        model = OutboundEmail
        fields = []


class LastErrorColumn(Column):
    cell_template_name = "core/admin/failed_emails/error_cell.html"


class RetryColumn(FormColumn):
    """The "send again" button, posting to `retry`."""

    cell_template_name = "core/admin/failed_emails/retry_cell.html"


ORDERINGS = {
    "status": ("status", "-created_at", "-pk"),
    "created_at": ("created_at", "pk"),
}


class FailedEmailsView(ReportView):
    """Emails with at least one failed attempt: failed ones first, newest first."""

    results_template_name = "core/admin/failed_emails_results.html"
    page_title = _("Failed email sends")
    header_icon = "mail"
    index_url_name = "failed_emails:index"
    index_results_url_name = "failed_emails:results"
    permission_policy = policy
    permission_required = "view"
    filterset_class = FailedEmailFilterSet
    default_ordering = "status"

    @cached_property
    def columns(self):
        return [
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            Column("kind", label=_("Kind")),
            Column("to", label=_("To")),
            Column("about", label=_("About")),
            Column("attempts", label=_("Attempts")),
            LastErrorColumn("last_error", label=_("Last error")),
            DateColumn("created_at", label=_("Created"), sort_key="created_at"),
            RetryColumn("retry", label=""),
        ]

    def get_base_queryset(self):
        return unsent().filter(attempts__gt=0).prefetch_related("about")

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        fields = ORDERINGS[ordering.lstrip("-")]
        if ordering.startswith("-"):
            fields = [field[1:] if field.startswith("-") else f"-{field}" for field in fields]
        return queryset.order_by(*fields)

    @cached_property
    def no_results_message(self):
        return gettext("No failed emails.")


@require_POST
def retry_email(request, pk):
    if not policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    email = get_object_or_404(unsent(), pk=pk)
    outbox.retry(email)
    messages.success(request, gettext("The email to %(to)s will be sent again.") % {"to": email.to})
    return redirect("failed_emails:index")
