"""Signing in to the supplier area and choosing a password.

Two ways in (see `area`): a representative's email and password, locked for a
while after repeated failures, with two-step verification when they set it up
(`twofactor`'s middleware asks for the code after `login`); or the protocol and
the one-case access code printed on a letter. The password pages are Django's
password-reset views: the link a representative gets on approval, on an
invitation or on asking for it is Django's one-time token
(`enrolment.set_password_path`), checked by `SetPasswordView`.
"""

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.views import (
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.http import private

from .. import area
from ..area_forms import AccessCodeForm, PasswordLinkForm, RepresentativePasswordForm, SignInForm
from ..letters import find_letter
from ..models import Representative
from .common import too_many


@never_cache
@sensitive_post_parameters("entrar-password", "codigo-access_code")
def sign_in(request):
    actor = area.actor_for(request)
    if actor is not None and request.method != "POST":
        return redirect("supplier_area:cases")
    sign_in_form, code_form = SignInForm(), AccessCodeForm()
    status = 200
    if request.method == "POST":
        if not area.address_within_limit(request, "supplier-sign-in"):
            return too_many(request)
        if "codigo-protocol" in request.POST:
            code_form = AccessCodeForm(request.POST)
            if code_form.is_valid():
                letter = find_letter(
                    code_form.cleaned_data["protocol"], code_form.cleaned_data["access_code"]
                )
                if letter is not None:
                    logout(request)  # a fresh session, holding this one case only
                    request.session[area.SESSION_CASE_KEY] = letter.pk
                    request.session.cycle_key()
                    return redirect("supplier_area:case", letter.case_id)
                code_form.add_error(None, _("The protocol or the access code is not right."))
        else:
            sign_in_form = SignInForm(request.POST)
            if sign_in_form.is_valid():
                user = _check_password(request, sign_in_form)
                if user is not None:
                    request.session.pop(area.SESSION_CASE_KEY, None)
                    login(request, user)  # rotates the session key
                    return redirect("supplier_area:cases")
        status = 400
    context = {"sign_in_form": sign_in_form, "code_form": code_form}
    return private(
        TemplateResponse(request, "supplier_enrolment/sign_in.html", context, status=status)
    )


def _check_password(request, form):
    """The representative's account for these credentials, or None with the
    form's error set. Locked for a while after repeated failures: by email here
    (from any address), and by account and client address in django-axes, which
    counts the attempts `authenticate()` sees with the request (and answers 429
    through its middleware once the pair is locked)."""
    email = form.cleaned_data["email"]
    if area.is_locked(email):
        form.add_error(
            None,
            _(
                "Too many failed attempts for this email. Wait %(minutes)s minutes or "
                "choose a new password."
            )
            % {"minutes": area.LOCKOUT_SECONDS // 60},
        )
        return None
    representative = (
        Representative.objects.may_sign_in()
        .filter(email__iexact=email)
        .select_related("user")
        .first()
    )
    user = None
    if representative:
        user = authenticate(
            request,
            username=representative.user.get_username(),
            password=form.cleaned_data["password"],
        )
    if user is not None and user.pk == representative.user_id:
        area.clear_failures(email)
        return user
    area.record_failure(email)
    form.add_error(None, _("The email or the password is not right."))
    return None


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("supplier_area:login")


def _days_a_link_lasts():
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


@method_decorator(never_cache, name="dispatch")
class PasswordLinkView(PasswordResetView):
    """A new link to choose a password, for a representative who forgot theirs,
    was locked out, or whose first link expired: Django's password-reset page.

    The answer is the same whether or not the email is a representative's (see
    `PasswordLinkForm.save`). Limited per client address, as the sign-in, and
    per email (`area.LINKS_PER_EMAIL`).
    """

    form_class = PasswordLinkForm
    template_name = "supplier_enrolment/password_link.html"
    success_url = reverse_lazy("supplier_area:password_link_sent")

    def dispatch(self, request, *args, **kwargs):
        return private(super().dispatch(request, *args, **kwargs))

    def post(self, request, *args, **kwargs):
        if not area.address_within_limit(request, "supplier-password-link"):
            return too_many(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@method_decorator(never_cache, name="dispatch")
class PasswordLinkSentView(PasswordResetDoneView):
    """Where an accepted request for a link lands: the same words for everyone."""

    template_name = "supplier_enrolment/password_link_sent.html"

    def dispatch(self, request, *args, **kwargs):
        return private(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": _days_a_link_lasts()}


class SetPasswordView(PasswordResetConfirmView):
    """The one-time link a representative is e-mailed: Django's password-reset
    confirmation, for active representatives only. Django moves the token from
    the address into the session and redirects to the same address with
    `reset_url_token` in its place, so the token never reaches a Referer; the
    token stops working once the password is set (or after
    PASSWORD_RESET_TIMEOUT). A new password also ends both sign-in lockouts."""

    form_class = RepresentativePasswordForm
    template_name = "supplier_enrolment/set_password.html"
    invalid_template_name = "supplier_enrolment/set_password_invalid.html"
    reset_url_token = "definir"  # noqa: S105 - a path segment, not a secret
    success_url = reverse_lazy("supplier_area:login")
    representative = None

    def dispatch(self, request, *args, **kwargs):
        return private(super().dispatch(request, *args, **kwargs))

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None:
            return None
        self.representative = (
            Representative.objects.active()
            .filter(user=user)
            .select_related("user", "supplier")
            .first()
        )
        return self.representative.user if self.representative else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["user"]
        return {**kwargs, "representative": self.representative}

    def get_context_data(self, **kwargs):
        if not self.validlink:
            kwargs.setdefault("form", None)  # nobody's form to build
        return {**super().get_context_data(**kwargs), "representative": self.representative}

    def get_template_names(self):
        return [self.template_name if self.validlink else self.invalid_template_name]

    def render_to_response(self, context, **response_kwargs):
        if not self.validlink or (context.get("form") and context["form"].errors):
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        area.clear_failures(self.representative.email)
        reset_lockout(username=self.user.get_username())  # a new password ends both lockouts
        messages.success(
            self.request, _("Password saved. Sign in with your email and the new password.")
        )
        return response
