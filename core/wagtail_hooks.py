from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import admin_views
from .admin_ui import PolicyViewSet


class FailedEmailsViewSet(PolicyViewSet):
    """The failed e-mails report (/admin/reports/emails-com-falha/) and its
    "send again", in the Reports menu for whoever may see the outbox."""

    name = "failed_emails"
    url_prefix = "reports/emails-com-falha"
    icon = "mail"
    menu_label = _("Failed email sends")
    menu_name = "failed-emails"
    menu_order = 1100
    menu_hook = "register_reports_menu_item"
    permission_policy = admin_views.policy
    menu_permissions = ("view",)

    def get_urlpatterns(self):
        report = admin_views.FailedEmailsView
        return [
            path("", self.construct_view(report), name="index"),
            path("resultados/", self.construct_view(report, results_only=True), name="results"),
            path("<int:pk>/reenviar/", admin_views.retry_email, name="retry"),
        ]


@hooks.register("register_admin_viewset")
def register_failed_emails_viewset():
    return FailedEmailsViewSet()
