from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_ui import PolicyViewSet

from . import audit, permissions, urls
from .dashboard import CasesPanel
from .models import Case, CaseData, ReasonTemplate
from .permissions import policy
from .views import access_log
from .views.listing import CaseIndexView


class InboxViewSet(PolicyViewSet):
    """The inbox under /admin/casos/: the case list (Wagtail's listing view and
    table) and, under the same namespace, the case page, its actions, bulk
    actions and exports (`inbox/urls.py`). Shown in the menu to case staff."""

    name = "inbox"
    url_prefix = "casos"
    icon = "tasks"
    menu_label = _("Cases")
    menu_name = "cases"
    menu_order = 150
    add_to_admin_menu = True
    permission_policy = policy
    menu_permissions = ("view",)
    index_view_class = CaseIndexView

    def get_urlpatterns(self):
        index = {
            "page_title": self.menu_label,
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        return [
            path("", self.construct_view(self.index_view_class, **index), name="index"),
            path(
                "resultados/",
                self.construct_view(self.index_view_class, **index, results_only=True),
                name="index_results",
            ),
            *urls.urlpatterns,
        ]


@hooks.register("register_admin_viewset")
def register_inbox_viewset():
    return InboxViewSet()


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    audit.register(actions, audit.CASE_VIEW, _("Case opened by staff"), _("Opened the case"))
    audit.register(actions, audit.EXPORT, _("Case list exported"), _("Exported the case list"))


class AccessLogViewSet(PolicyViewSet):
    """Who read which case and who exported what (/admin/reports/registro-de-acessos/),
    in the Reports menu for supervisors (`inbox.views.access_log`)."""

    name = "inbox_access_log"
    url_prefix = "reports/registro-de-acessos"
    icon = "history"
    menu_label = _("Access log")
    menu_name = "access-log"
    menu_order = 1000
    menu_hook = "register_reports_menu_item"
    permission_policy = policy

    def user_may_see_menu_item(self, user):
        return permissions.may_read_access_log(user)

    def get_urlpatterns(self):
        return [
            path("", access_log.AccessLogView.as_view(), name="index"),
            path(
                "resultados/", access_log.AccessLogView.as_view(results_only=True), name="results"
            ),
        ]


@hooks.register("register_admin_viewset")
def register_access_log_viewset():
    return AccessLogViewSet()


class CaseDataURLFinder(ModelAdminURLFinder):
    """Access-log entries link to the case page, for those who may open it."""

    edit_url_name = "inbox:case"

    def get_edit_url(self, instance):
        if self.user and not policy.user_has_permission_for_instance(self.user, "view", instance):
            return None
        return self.construct_edit_url(instance)


register_admin_url_finder(CaseData, CaseDataURLFinder)


@hooks.register("construct_homepage_panels")
def add_cases_panel(request, panels):
    if policy.user_has_permission(request.user, "view"):
        panels.append(CasesPanel(request.user))


class ReasonTemplateViewSet(SnippetViewSet):
    model = ReasonTemplate
    icon = "comment"
    menu_label = _("Rejection reasons")
    list_display = ["title", "active"]
    search_fields = ["title", "text"]


register_snippet(ReasonTemplateViewSet)


@hooks.register("forms_attachment_access")
def case_staff_may_download(user, attachment):
    """Whoever may read a case may download its files; nobody else from the staff.

    Attachments of a case the user may not see are refused outright, so the
    stock `view_submission` permission cannot reach around the inbox's rules.
    """
    if attachment.submission_id is None or not permissions.is_case_staff(user):
        return None
    case = Case.objects.filter(pk=attachment.submission_id).first()
    if case is None:
        return None
    return (
        "case staff"
        if permissions.policy.user_has_permission_for_instance(user, "view", case)
        else False
    )
