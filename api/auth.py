"""Who may call: the app's key (X-Api-Key), checked and counted against the
client's own rate limit on every call."""

import logging

from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader

from core.ratelimit import hit

from .models import ApiClient
from .problems import Problem

logger = logging.getLogger(__name__)

RATE_WINDOW_SECONDS = 60


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
