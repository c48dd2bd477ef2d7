"""Sign-in with gov.br on the website: to the provider and back, then to the
page the citizen came from, with name, CPF and e-mail in the session."""

import logging

from authlib.integrations.base_client import OAuthError
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.http import private

from . import citizen, oidc

logger = logging.getLogger(__name__)
NEXT_KEY = "citizen_next"


def _safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("tracking:my_cases")


def _failed(request, status=400):
    return private(
        TemplateResponse(
            request,
            "identity/failed.html",
            {"next": request.session.get(NEXT_KEY, "")},
            status=status,
        )
    )


@never_cache
def sign_in(request):
    """To the identity provider, remembering where to come back to."""
    if not citizen.enabled():
        return redirect(_safe_next(request, request.GET.get("next")))
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
    try:
        return oidc.client().authorize_redirect(
            request, request.build_absolute_uri(reverse("identity:callback"))
        )
    except Exception:
        logger.exception("identity provider unreachable")
        return _failed(request, status=503)


@never_cache
def callback(request):
    """Back from the provider: check the answer (state, PKCE, the ID token's
    signature, issuer, audience and nonce), keep the citizen, go on."""
    if not citizen.enabled():
        return redirect("tracking:start")
    try:
        token = oidc.client().authorize_access_token(request)
    except OAuthError as error:
        logger.info("sign-in refused: %s", error.error)
        return _failed(request)
    except Exception:
        logger.exception("sign-in could not be completed")
        return _failed(request, status=503)
    claims = dict(token.get("userinfo") or {})
    if not claims.get("name") or "email" not in claims:
        try:
            claims = {**oidc.userinfo(token["access_token"]), **claims}
        except Exception:
            logger.warning("userinfo unavailable after sign-in")
    person = citizen.from_claims(claims)
    if person is None:
        logger.warning("sign-in without a valid CPF in claim %s", settings.OIDC_CPF_CLAIM)
        return _failed(request)
    next_url = request.session.pop(NEXT_KEY, "") or reverse("tracking:my_cases")
    citizen.sign_in(request, person)
    messages.success(
        request,
        _("You are signed in with gov.br as %(name)s.")
        % {"name": person.name or person.formatted_cpf},
    )
    return redirect(next_url)


@require_POST
def sign_out(request):
    citizen.sign_out(request)
    messages.success(request, _("You left your gov.br account on this site."))
    return redirect(_safe_next(request, request.POST.get("next")))
