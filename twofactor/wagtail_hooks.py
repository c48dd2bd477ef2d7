from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import admin_urls, devices


@hooks.register("register_admin_urls")
def register_twofactor_urls():
    return [path("duas-etapas/", include(admin_urls))]


@hooks.register("register_account_menu_item")
def register_twofactor_account_item(request):
    on = devices.confirmed_device(request.user) is not None
    return {
        "url": reverse("twofactor_admin:setup"),
        "label": _("Two-step verification"),
        "help_text": _("On: a code from your phone is asked after your password.")
        if on
        else _("Ask for a code from your phone after your password."),
    }
