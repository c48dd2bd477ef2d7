from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import permissions, urls
from .dashboard import CasesPanel
from .models import Case, ReasonTemplate
from .permissions import policy


@hooks.register("register_admin_urls")
def register_inbox_urls():
    return [path("casos/", include(urls, namespace="inbox"))]


class CasesMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.user_has_permission(request.user, "view")


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.user_has_permission(request.user, "audit")


@hooks.register("register_admin_menu_item")
def register_cases_menu_item():
    return CasesMenuItem(_("Cases"), reverse("inbox:index"), icon_name="tasks", order=150)


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    return AuditMenuItem(_("Audit log"), reverse("inbox:audit"), icon_name="history", order=900)


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
