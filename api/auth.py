"""Who may call: the app's key (X-Api-Key), checked and counted against the
client's own rate limit on every call; and, on calls that act for a citizen, the
citizen's gov.br access token (Authorization: Bearer), checked with the identity
provider's userinfo endpoint."""

import base64
import hashlib
import json
import logging
from dataclasses import asdict

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader

from core.ratelimit import hit
from identity import citizen, oidc

from .models import ApiClient
from .problems import Problem

logger = logging.getLogger(__name__)

RATE_WINDOW_SECONDS = 60
# Security of an operation in the OpenAPI document: the app's key always; the
# citizen's gov.br token required (CITIZEN) or optional (OPTIONAL_CITIZEN).
CITIZEN = {"security": [{"ClientKey": [], "govbr": []}]}
OPTIONAL_CITIZEN = {"security": [{"ClientKey": []}, {"ClientKey": [], "govbr": []}]}
GOVBR_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "O access token gov.br da pessoa (OpenID Connect), obtido pelo app.",
}


class ClientKey(APIKeyHeader):
    """The ``X-Api-Key`` header: a key staff created for the app in the admin
    (Configurações > Clientes da API)."""

    param_name = "X-Api-Key"

    def authenticate(self, request, key):
        client = ApiClient.for_key(key) if key else None
        if client is None:
            return None  # ninja answers 401 (problems._authentication)
        if not hit(
            "api-client",
            client.pk,
            limit=client.requests_per_minute,
            period=RATE_WINDOW_SECONDS,
        ):
            logger.warning("API client %s over its rate limit", client.pk)
            raise Problem(
                429,
                _("This app made more than %(limit)s calls in a minute. Try again in a minute.")
                % {"limit": client.requests_per_minute},
                slug="limite",
                headers={"Retry-After": str(RATE_WINDOW_SECONDS)},
            )
        client.mark_used()
        request.api_client = client
        return client


client_key = ClientKey()


# --- the citizen ------------------------------------------------------------------
def _refused_token(detail):
    return Problem(
        401,
        detail,
        slug="token",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def _token_client(token):
    """The client a JWT access token was issued to (its payload read without
    checking: the provider's userinfo answer has already vouched for it), or None
    for an opaque token."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    if not isinstance(payload, dict):
        return None
    return payload.get("azp") or payload.get("client_id")


def citizen_of(request):
    """The citizen whose gov.br access token the call carries (Authorization:
    Bearer), or None when it carries none. A refused token is a 401 problem.

    The provider's answer is kept OIDC_API_TOKEN_CACHE_SECONDS under the token's
    hash, so a token revoked at the provider is refused at most that much later.
    With OIDC_API_CLIENT_IDS set, a JWT token must have been issued to one of
    those clients (the apps' own gov.br clients)."""
    if hasattr(request, "_api_citizen"):
        return request._api_citizen
    header = request.headers.get("Authorization", "")
    if not header:
        request._api_citizen = None
        return None
    scheme, _space, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise _refused_token(
            _("Send the citizen's gov.br token as: Authorization: Bearer <token>.")
        )
    if not citizen.enabled():
        raise _refused_token(_("Sign-in with gov.br is not configured on this site."))
    key = "api-citizen:" + hashlib.sha256(token.encode()).hexdigest()
    known = cache.get(key)
    if known is not None:
        person = citizen.Citizen(**known)
    else:
        person = _ask_provider(token)
        cache.set(key, asdict(person), settings.OIDC_API_TOKEN_CACHE_SECONDS)
    request._api_citizen = person
    return person


def _ask_provider(token):
    try:
        claims = oidc.userinfo(token)
    except requests.HTTPError as error:
        status = error.response.status_code if error.response is not None else None
        if status in (400, 401, 403):
            raise _refused_token(_("The gov.br token was refused: sign in again.")) from None
        logger.warning("userinfo answered %s", status)
        raise _provider_down() from None
    except (requests.RequestException, ValueError, KeyError):
        logger.warning("identity provider unreachable", exc_info=True)
        raise _provider_down() from None
    allowed = settings.OIDC_API_CLIENT_IDS
    if allowed and _token_client(token) not in allowed:
        raise _refused_token(_("This gov.br token was not issued to an app this site accepts."))
    person = citizen.from_claims(claims)
    if person is None:
        raise _refused_token(_("The gov.br account gave no valid CPF."))
    return person


def _provider_down():
    return Problem(
        503,
        _("The gov.br sign-in service did not answer. Try again in a few minutes."),
        slug="govbr-indisponivel",
        headers={"Retry-After": "60"},
    )
