"""Setting up, using and turning off two-step verification.

The same views serve the Wagtail admin (/admin/duas-etapas/, admin look) and
the public site (/duas-etapas/, the supplier area's look); `admin=True` picks
the admin templates and URLs. The verification page is public for everyone:
it must work before the admin lets the user in.
"""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.http import private, too_many_requests
from core.ratelimit import hit

from . import devices
from .forms import CodeForm, VerifyForm


def _signed_in(view):
    """Anonymous visitors go to the supplier area's sign-in (staff reach these
    views through the admin, which has its own)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("supplier_area:login")
        return private(view(request, *args, **kwargs))

    return never_cache(sensitive_post_parameters("code")(wrapper))


def _allowed_attempt(request):
    return hit(
        "twofactor-code",
        request.user.pk,
        limit=devices.ATTEMPTS_PER_USER,
        period=devices.ATTEMPT_WINDOW_SECONDS,
    )


def _too_many(request):
    devices.logger.warning("Two-step verification: too many attempts for user %s", request.user.pk)
    return too_many_requests(request, devices.ATTEMPT_WINDOW_SECONDS)


def _context(admin, **extra):
    namespace = "twofactor_admin" if admin else "twofactor"
    return {
        "base_template": "twofactor/admin_base.html" if admin else "twofactor/public_base.html",
        "setup_url": reverse(f"{namespace}:setup"),
        "disable_url": reverse(f"{namespace}:disable"),
        "back_url": reverse("wagtailadmin_home") if admin else reverse("supplier_area:cases"),
        **extra,
    }


def setup(request, admin=False):
    device = devices.confirmed_device(request.user)
    if device is not None:
        context = _context(
            admin,
            heading=_("Two-step verification is on"),
            remaining=devices.remaining_recovery_codes(device),
        )
        return TemplateResponse(request, "twofactor/enabled.html", context)
    device = devices.start_setup(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not _allowed_attempt(request):
            return _too_many(request)
        if form.is_valid():
            codes = devices.confirm(device, form.cleaned_data["code"])
            if codes is not None:
                devices.mark_verified(request)
                devices.logger.info("Two-step verification turned on for user %s", request.user.pk)
                context = _context(admin, heading=_("Save your recovery codes"), codes=codes)
                return TemplateResponse(request, "twofactor/recovery_codes.html", context)
            devices.log_failure(request, "setup")
            form.add_error(
                "code", _("This code is not right. Check the time on your phone and try again.")
            )
    context = _context(
        admin,
        heading=_("Set up two-step verification"),
        form=form,
        qr=devices.qr_data_uri(device),
        secret=devices.grouped_secret(device),
    )
    status = 400 if form.errors else 200
    return TemplateResponse(request, "twofactor/setup.html", context, status=status)


def disable(request, admin=False):
    device = devices.confirmed_device(request.user)
    namespace = "twofactor_admin" if admin else "twofactor"
    if device is None:
        return redirect(f"{namespace}:setup")
    form = VerifyForm(request.POST or None)
    if request.method == "POST":
        if not _allowed_attempt(request):
            return _too_many(request)
        if form.is_valid() and devices.check_code(device, form.cleaned_data["code"]):
            devices.disable(device)
            devices.logger.info("Two-step verification turned off for user %s", request.user.pk)
            messages.success(request, _("Two-step verification is off."))
            return redirect(f"{namespace}:setup")
        if form.is_valid():
            devices.log_failure(request, "disable")
            form.add_error("code", _("This code is not right."))
    context = _context(admin, heading=_("Turn off two-step verification"), form=form)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "twofactor/disable.html", context, status=status)


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("wagtailadmin_home" if request.user.is_staff else "supplier_area:cases")


def verify(request):
    """The second step of signing in: a current code or a recovery code."""
    next_url = _next_url(request)
    device = devices.confirmed_device(request.user)
    if device is None or devices.is_verified(request):
        return redirect(next_url)
    form = VerifyForm(request.POST or None)
    if request.method == "POST":
        if not _allowed_attempt(request):
            return _too_many(request)
        kind = form.is_valid() and devices.check_code(device, form.cleaned_data["code"])
        if kind:
            devices.mark_verified(request)
            if kind == "recovery":
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(count)s remain. "
                        "Each code works only once."
                    )
                    % {"count": devices.remaining_recovery_codes(device)},
                )
            return redirect(next_url)
        if form.is_valid():
            devices.log_failure(request, "sign-in")
            form.add_error("code", _("This code is not right."))
    context = {
        "form": form,
        "next": next_url,
        "heading": _("Two-step verification"),
        "base_template": "twofactor/public_base.html",
        "logout_url": reverse(
            "wagtailadmin_logout" if request.user.is_staff else "supplier_area:logout"
        ),
    }
    status = 400 if form.errors else 200
    return TemplateResponse(request, "twofactor/verify.html", context, status=status)


public_setup = _signed_in(setup)
public_disable = _signed_in(disable)
public_verify = _signed_in(verify)


def admin_view(view):
    """For the admin URLs (Wagtail checks the admin access around them)."""

    @wraps(view)
    def wrapper(request):
        return private(view(request, admin=True))

    return never_cache(sensitive_post_parameters("code")(wrapper))
