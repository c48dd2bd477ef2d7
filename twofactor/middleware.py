"""Holds a signed-in user with a confirmed authenticator at the verification
page until they enter a code, on the paths that need a signed-in user
(the admin, the supplier area, staff downloads)."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import devices

DEFAULT_PROTECTED_PREFIXES = ["/admin/", "/django-admin/", "/fornecedor/", "/anexos/"]
# Reachable before the second step: signing in and out, setting a password.
EXEMPT_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "supplier_area:login",
    "supplier_area:logout",
    "supplier_area:set_password",
}
# Reachable by staff who must enrol but have not yet (the admin setup page needs
# the admin's icons and translations too).
ENROLMENT_VIEWS = EXEMPT_VIEWS | {
    "twofactor_admin:setup",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}


def _view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.hold(request) or self.get_response(request)

    def hold(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or devices.is_verified(request):
            return None
        prefixes = getattr(settings, "TWOFACTOR_PROTECTED_PREFIXES", DEFAULT_PROTECTED_PREFIXES)
        if not request.path_info.startswith(tuple(prefixes)):
            return None
        view_name = _view_name(request.path_info)
        if view_name in EXEMPT_VIEWS:
            return None
        if devices.confirmed_device(user) is not None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('twofactor:verify')}?{query}")
        if (
            getattr(settings, "TWOFACTOR_REQUIRED_FOR_STAFF", False)
            and user.is_staff
            and view_name not in ENROLMENT_VIEWS
        ):
            return redirect("twofactor_admin:setup")
        return None
