"""The optional CEP lookup behind the address field.

When `settings.CEP_LOOKUP_URL` names a ViaCEP-compatible service (a URL
template with "{cep}", e.g. "https://viacep.com.br/ws/{cep}/json/"), the
address field's script asks our own endpoint (`lookup_view`) for the street,
district, municipality and UF of a CEP and fills the inputs the citizen left
empty. The citizen's browser talks only to us (the CSP keeps connect-src to
'self'); we send the service the CEP and nothing else. Off by default.

Answers are cached (found and not found alike); a slow or failing service is
given up on after `CEP_LOOKUP_TIMEOUT` seconds and never stops anyone: the
citizen types the address, and the address field checks it either way.
"""

import json
import logging
import urllib.error
import urllib.request
from http.client import HTTPException
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from core import brazil
from core.http import client_address
from core.ratelimit import hit

logger = logging.getLogger(__name__)

FOUND, NOT_FOUND, INVALID, UNAVAILABLE = "found", "not_found", "invalid", "unavailable"
WINDOW_SECONDS = 60
MAX_RESPONSE_BYTES = 20_000
# What of the service's answer we pass on, and how long each may be.
ANSWER_PARTS = {"logradouro": "street", "bairro": "district", "localidade": "municipality"}
MAX_PART_LENGTH = 200


def lookup_enabled():
    return bool(getattr(settings, "CEP_LOOKUP_URL", ""))


def _setting(name, default):
    return getattr(settings, name, default)


def _cache_key(digits):
    return f"cep-lookup:{digits}"


def lookup(cep):
    """(status, address) for a typed CEP: FOUND with {"cep", "street",
    "district", "municipality", "state"}, or NOT_FOUND, INVALID (not a CEP of
    any UF: the service is not asked) or UNAVAILABLE (lookup off, service slow
    or broken) with None. Never raises."""
    try:
        formatted = brazil.clean_cep(cep)
    except ValidationError:
        return INVALID, None
    if brazil.cep_state(formatted) is None:
        return INVALID, None
    template = _setting("CEP_LOOKUP_URL", "")
    if not template:
        return UNAVAILABLE, None
    digits = brazil.only_digits(formatted)
    kept = cache.get(_cache_key(digits))
    if kept is not None:
        return kept["status"], kept["address"]
    status, address = _ask_service(template.format(cep=digits), formatted)
    if status in (FOUND, NOT_FOUND):
        timeout = _setting("CEP_LOOKUP_CACHE_SECONDS", 7 * 24 * 3600)
        cache.set(_cache_key(digits), {"status": status, "address": address}, timeout)
    return status, address


def _ask_service(url, cep):
    if urlsplit(url).scheme not in ("http", "https"):
        logger.error("CEP_LOOKUP_URL must be an http(s) URL")
        return UNAVAILABLE, None
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(  # noqa: S310 - scheme checked above
            request, timeout=_setting("CEP_LOOKUP_TIMEOUT", 2)
        ) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        # ViaCEP answers 400 for a malformed CEP; others 404 for an unknown one.
        if error.code in (400, 404):
            return NOT_FOUND, None
        logger.warning("CEP lookup failed: HTTP %s", error.code)
        return UNAVAILABLE, None
    except (urllib.error.URLError, HTTPException, OSError, ValueError) as error:
        # Timeouts land here too (socket.timeout is an OSError). The CEP is not logged.
        logger.warning("CEP lookup failed: %s", type(error).__name__)
        return UNAVAILABLE, None
    if len(body) > MAX_RESPONSE_BYTES:
        logger.warning("CEP lookup failed: answer too long")
        return UNAVAILABLE, None
    try:
        data = json.loads(body)
    except ValueError:
        logger.warning("CEP lookup failed: not JSON")
        return UNAVAILABLE, None
    return _read_answer(data, cep)


def _read_answer(data, cep):
    if not isinstance(data, dict):
        return UNAVAILABLE, None
    if data.get("erro") in (True, "true", "True"):
        return NOT_FOUND, None
    state = str(data.get("uf") or "").strip().upper()
    if state not in brazil.CEP_RANGES:
        return NOT_FOUND, None
    address = {"cep": cep, "state": state}
    for theirs, ours in ANSWER_PARTS.items():
        value = data.get(theirs)
        address[ours] = " ".join(value.split())[:MAX_PART_LENGTH] if isinstance(value, str) else ""
    return FOUND, address


@require_GET
def lookup_view(request):
    """GET ?cep=78005000 -> {"status": "found", "address": {...}} (or
    "not_found", "invalid", "unavailable" with no address); 404 when the lookup
    is off; 429 past the rate limit (per client address, per minute)."""
    if not lookup_enabled():
        raise Http404
    limit = _setting("CEP_LOOKUP_PER_MINUTE", 30)
    if not hit("cep-lookup", client_address(request), limit=limit, period=WINDOW_SECONDS):
        response = JsonResponse({"status": "rate_limited"}, status=429)
        response["Retry-After"] = str(WINDOW_SECONDS)
        patch_cache_control(response, no_store=True)
        return response
    status, address = lookup(request.GET.get("cep", "")[:20])
    response = JsonResponse({"status": status, "address": address})
    if status == UNAVAILABLE:
        patch_cache_control(response, no_store=True)
    else:
        # Public data (streets of a CEP), the same for everyone.
        patch_cache_control(response, public=True, max_age=3600)
    return response
