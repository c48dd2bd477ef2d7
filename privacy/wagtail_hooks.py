from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from inbox import audit, permissions

from . import urls
from .retention import RETENTION_ACTION
from .subjects import ANONYMISE_ACTION
from .views import EXPORT, SEARCH


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [path("titulares/", include(urls, namespace="privacy"))]


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_supervisor(request.user)


@hooks.register("register_reports_menu_item")
def register_subject_requests_menu_item():
    return SupervisorMenuItem(
        _("Data subject requests"), reverse("privacy:search"), icon_name="user", order=910
    )


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    audit.register(
        actions, SEARCH, _("Data subject searched for"), _("Searched for a data subject's data")
    )
    audit.register(
        actions, EXPORT, _("Data subject's data exported"), _("Exported a data subject's data")
    )
    audit.register(
        actions,
        ANONYMISE_ACTION,
        _("Anonymised at the data subject's request"),
        _("Anonymised the submission at the data subject's request"),
    )
    audit.register(
        actions,
        RETENTION_ACTION,
        _("Anonymised after the retention period"),
        _("Anonymised the submission: the retention period was over"),
    )
