from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from inbox import permissions

from . import urls


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
