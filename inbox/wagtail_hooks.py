from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import audit, permissions, urls
from .dashboard import CasesPanel
from .models import Case, CaseData, ReasonTemplate
from .permissions import policy


@hooks.register("register_admin_urls")
def register_inbox_urls():
    return [path("casos/", include(urls, namespace="inbox"))]


class CasesMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_menu_item")
def register_cases_menu_item():
    return CasesMenuItem(_("Cases"), reverse("inbox:index"), icon_name="tasks", order=150)


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    audit.register(actions, audit.CASE_VIEW, _("Case opened by staff"), _("Opened the case"))
    audit.register(actions, audit.EXPORT, _("Case list exported"), _("Exported the case list"))


@hooks.register("construct_reports_menu")
def site_history_for_supervisors(request, menu_items):
    """The access log is read in Wagtail's site history, whose menu item Wagtail
    shows only to page editors: supervisors get it too."""
    if not permissions.may_read_access_log(request.user):
        return
    if not any(item.name == "site-history" for item in menu_items):
        menu_items.append(
            MenuItem(
                _("Site history"),
                reverse("wagtailadmin_reports:site_history"),
                name="site-history",
                icon_name="history",
                order=1000,
            )
        )


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
